package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// maxInFlight is the most requests one typed read has in flight at once:
// enough to wait about one round trip per four pages, few enough that a
// plan of many reads (Terraform runs ten at once) does not flood the API.
const maxInFlight = 4

// inFlight is maxInFlight, except in the tests that hold the concurrent
// reads to reading one request after another (1).
var inFlight = maxInFlight

// descInFlight says so in the docs of the types that read several pages.
const descInFlight = "at most 4 requests at a time"

// sendInOrder sends reqs through c, at most maxInFlight in flight and at
// most maxInFlight answers ahead of use, and hands each answer (or error)
// to use in the order of reqs, in the calling goroutine, so that the
// answers are read exactly as if sent one after another. use returns false
// to stop, as it must after an error: the requests after that one are not
// sent, those in flight are canceled, and their answers are dropped. A
// request that fails cancels the requests after it at once, while those
// before it are still read, since one of them may end the read first or
// fail too: the error handed to use is always the first request's that
// fails. The requests share c's per-credential pause, so a 429 on one
// holds the others back. sendInOrder returns once none is in flight.
func sendInOrder(ctx context.Context, c *client.Client, reqs []client.Request,
	use func(i int, res *client.Response, err error) bool) {
	type answer struct {
		res *client.Response
		err error
	}
	n := len(reqs)
	answers := make([]chan answer, n)
	for i := range answers {
		answers[i] = make(chan answer, 1)
	}
	var (
		mu sync.Mutex
		// No request past stopAt is sent, and those sent are canceled.
		stopAt  = n
		cancels = make([]context.CancelFunc, n)
	)
	stop := func(i int) {
		mu.Lock()
		defer mu.Unlock()
		if i >= stopAt {
			return
		}
		stopAt = i
		for _, cancel := range cancels[i+1:] {
			if cancel != nil {
				cancel()
			}
		}
	}
	// A slot is taken when a request is sent and given back when use has
	// its answer.
	slots, done := make(chan struct{}, inFlight), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, req := range reqs {
			select {
			case slots <- struct{}{}:
			case <-done:
				return
			}
			mu.Lock()
			if i > stopAt {
				mu.Unlock()
				return
			}
			rctx, cancel := context.WithCancel(ctx)
			cancels[i] = cancel
			mu.Unlock()
			wg.Go(func() {
				res, err := c.Do(rctx, req)
				if err != nil {
					stop(i)
				}
				answers[i] <- answer{res, err}
			})
		}
	})
	for i := range reqs {
		a := <-answers[i]
		<-slots
		if !use(i, a.res, a.err) || a.err != nil {
			stop(i)
			break
		}
	}
	close(done)
	wg.Wait()
	for _, cancel := range cancels {
		if cancel != nil {
			cancel()
		}
	}
}

// addClientErrorAt reports a request's error as addClientError does, and
// names the part of the read it failed on, such as "page 4".
func addClientErrorAt(diags *diag.Diagnostics, err error, pd *providerData, part string) {
	var one diag.Diagnostics
	addClientError(&one, err, pd)
	for _, d := range one {
		diags.AddError(d.Summary(), fmt.Sprintf("%s\n\nThe read failed on %s; the requests after it were "+
			"canceled, and nothing it read was kept.", d.Detail(), part))
	}
}
