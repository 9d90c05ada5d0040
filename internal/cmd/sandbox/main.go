// Command sandbox serves the fake LiquidCommerce API on a loopback port, for
// `make demo` and for trying the provider without an account. It accepts one
// API key and one Orders user, issues tokens like the real API, serves the
// Orders and Catalog endpoints with sample data (300 orders by default), and
// logs each request without its secrets and each connection it accepts, so
// that tools such as `make bench-plan` can count both.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on")
	key := flag.String("key", "sandbox-api-key", "API key the sandbox accepts")
	ordersUser := flag.String("orders-user", "sandbox-orders", "Orders API user id the sandbox accepts")
	ordersPassword := flag.String("orders-password", "sandbox-orders-password", "password of that Orders API user")
	lifetime := flag.Duration("token-lifetime", 24*time.Hour, "lifetime of issued tokens")
	prefix := flag.String("prefix", "", "path prefix, such as /api")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	orders := flag.Int("orders", 300, "how many orders to serve: LC-1001 to LC-1004, then more made like them, "+
		"created every 20 minutes from 2026-11-01T00:00:00Z")
	products := flag.Int("products", 0, "how many catalog products to serve; 0 for the sample products only")
	cursor := flag.Bool("catalog-cursor", false, "page catalog searches by cursor (nextPageToken) instead of by page number")
	fromOne := flag.Bool("search-pages-from-one", false,
		"count catalog search pages from 1 (page 0 is answered as page 1)")
	pageCap := flag.Int("search-page-cap", 0,
		"the most products a catalog search page holds, whatever perPage asks; 0 for none")
	ordersPageCap := flag.Int("orders-page-cap", 0, "the most orders a page of GET /orders holds, said in the "+
		"answer's limit (page p still starts at (p-1) x the limit asked); 0 for none")
	ordersShortPage := flag.Int("orders-short-page", 0, "the most orders a page of GET /orders holds while its "+
		"limit echoes the one asked and total counts them all (page p starts at (p-1) x this); 0 for none")
	latency := flag.Duration("latency", 0, "time added before every answer, as a network and a distant API add it, "+
		"such as 100ms")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !client.IsLoopbackHost(host) {
		log.Fatalf("sandbox: -listen must be a loopback address such as 127.0.0.1:8080, got %q", *listen)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("sandbox: %v", err)
	}
	api := fakeapi.New(fakeapi.Options{
		Keys: []string{*key}, TokenLifetime: *lifetime, Prefix: *prefix,
		OrdersUsers: map[string]string{*ordersUser: *ordersPassword},
		OrderCount:  *orders, ProductCount: *products, CatalogCursor: *cursor,
		SearchPagesFromOne: *fromOne, SearchPageCap: *pageCap,
		OrdersPageCap: *ordersPageCap, OrdersShortPage: *ordersShortPage, Latency: *latency,
	})
	baseURL := "http://" + ln.Addr().String() + api.Prefix()
	srv := &http.Server{Handler: logRequests(api), ConnState: logConnections(api), ReadHeaderTimeout: 10 * time.Second}

	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(baseURL+"\n"), 0o600); err != nil {
			log.Fatalf("sandbox: %v", err)
		}
	}
	fmt.Printf("LiquidCommerce sandbox API listening on %s (API key and Orders user: the ones given with -key and -orders-user)\n", baseURL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		log.Fatalf("sandbox: %v", err)
	}
}

// logRequests prints method, path and status: never headers, which carry
// the key and tokens.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Printf("sandbox: %s %s -> %d", r.Method, r.URL.Path, rec.status)
	})
}

// logConnections counts each connection at the fake and prints its number.
func logConnections(api *fakeapi.Server) func(net.Conn, http.ConnState) {
	return func(c net.Conn, state http.ConnState) {
		api.ConnState(c, state)
		if state == http.StateNew {
			log.Printf("sandbox: connection %d from %s", api.Connections(), c.RemoteAddr())
		}
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
