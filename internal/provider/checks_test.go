package provider_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// resourceValues finds a resource instance in state by address.
func resourceValues(state *tfjson.State, address string) (map[string]any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, fmt.Errorf("state is empty")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s is not in state", address)
}

// tokenObject reads a token object: a data source's attributes, or what an
// ephemeral resource passed to echo (the "data" attribute of echo.<name>).
func tokenObject(state *tfjson.State, address string) (map[string]any, error) {
	vals, err := resourceValues(state, address)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(address, "echo.") {
		obj, ok := vals["data"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s.data is %T, not an object", address, vals["data"])
		}
		return obj, nil
	}
	return vals, nil
}

// issuedToken checks that the token object at address is exactly what the
// fake API issued: its token, type, exp and expires_at.
type issuedToken struct {
	srv     *fakeapi.Server
	address string
	// wantType is the token type the API gave; ACCESS_TOKEN when empty.
	wantType string
	// expEarly is how much earlier than the server's expiry exp may be: the
	// bare Orders answer gives seconds from the Date header's whole second.
	expEarly time.Duration
}

func (c issuedToken) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	obj, err := tokenObject(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	tok, _ := obj["token"].(string)
	exp, ok := c.srv.Expiry(tok)
	if !ok {
		resp.Error = fmt.Errorf("%s: token is not one the API issued (%d issued)", c.address, len(c.srv.Issued()))
		return
	}
	if want := cmp.Or(c.wantType, "ACCESS_TOKEN"); obj["type"] != want {
		resp.Error = fmt.Errorf("%s: type = %v", c.address, obj["type"])
		return
	}
	gotExp, err := toInt64(obj["exp"])
	if err != nil || gotExp > exp.UnixMilli() || gotExp < exp.Add(-c.expEarly).UnixMilli() {
		resp.Error = fmt.Errorf("%s: exp = %v, want %d", c.address, obj["exp"], exp.UnixMilli())
		return
	}
	// expires_at must name the very instant of exp, milliseconds included.
	s, _ := obj["expires_at"].(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || at.UnixMilli() != gotExp || !strings.HasSuffix(s, "Z") {
		resp.Error = fmt.Errorf("%s: expires_at = %q is not exp %d in RFC 3339 UTC", c.address, s, gotExp)
	}
}

// sameToken checks that every address holds the same token.
type sameToken struct {
	addresses []string
}

func (c sameToken) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var first string
	for i, a := range c.addresses {
		obj, err := tokenObject(req.State, a)
		if err != nil {
			resp.Error = err
			return
		}
		tok, _ := obj["token"].(string)
		if tok == "" {
			resp.Error = fmt.Errorf("%s has no token", a)
			return
		}
		if i == 0 {
			first = tok
		} else if tok != first {
			resp.Error = fmt.Errorf("%s holds a different token from %s", a, c.addresses[0])
			return
		}
	}
}

// noIssuedTokenInState fails when any token the API issued appears anywhere
// in the state.
type noIssuedTokenInState struct {
	srv *fakeapi.Server
}

func (c noIssuedTokenInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = noTokenIn(c.srv, "state", string(raw))
}

// noIssuedTokenInPlan is the same check on the plan.
type noIssuedTokenInPlan struct {
	srv *fakeapi.Server
}

func (c noIssuedTokenInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = noTokenIn(c.srv, "plan", string(raw))
}

// noTextInState fails when text appears in the state or, as a plan check,
// in the plan.
type noTextInState struct {
	text string
}

func (c noTextInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check("state", req.State)
}

func (c noTextInState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check("plan", req.Plan)
}

func (c noTextInState) check(what string, v any) error {
	raw, err := json.Marshal(v)
	if err == nil && strings.Contains(string(raw), c.text) {
		err = fmt.Errorf("the %s holds %q", what, c.text)
	}
	return err
}

func noTokenIn(srv *fakeapi.Server, what, text string) error {
	issued := srv.Issued()
	if len(issued) == 0 {
		return fmt.Errorf("the API issued no token, so the check proves nothing")
	}
	for _, tok := range issued {
		if strings.Contains(text, tok) {
			return fmt.Errorf("an issued token is in the %s", what)
		}
	}
	return nil
}

func toInt64(v any) (int64, error) {
	switch n := v.(type) {
	case json.Number:
		return n.Int64()
	case float64:
		return int64(n), nil
	}
	return 0, fmt.Errorf("not a number: %T", v)
}

// echoListSameIssuedToken checks that echo.<name>.data is a non-empty list
// of one token the API issued: every ephemeral instance got the same token.
type echoListSameIssuedToken struct {
	srv  *fakeapi.Server
	echo string
	want int
}

func (c echoListSameIssuedToken) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	vals, err := resourceValues(req.State, c.echo)
	if err != nil {
		resp.Error = err
		return
	}
	list, ok := vals["data"].([]any)
	if !ok || len(list) != c.want {
		resp.Error = fmt.Errorf("%s.data is %T with %d items, want a list of %d tokens", c.echo, vals["data"], len(list), c.want)
		return
	}
	first, _ := list[0].(string)
	if _, ok := c.srv.Expiry(first); !ok {
		resp.Error = fmt.Errorf("%s.data[0] is not a token the API issued", c.echo)
		return
	}
	for i, v := range list {
		if v != first {
			resp.Error = fmt.Errorf("ephemeral instance %d has a different token from instance 0", i)
			return
		}
	}
}

// errorPattern matches the parts in order, whatever the CLI's line wrapping
// did to the spaces inside them.
func errorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
