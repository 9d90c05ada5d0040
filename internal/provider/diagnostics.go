package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// reason is an error's text for the middle of a sentence.
func reason(err error) string {
	var ce *client.ConfigError
	if errors.As(err, &ce) {
		return ce.Field + " is invalid: " + ce.Reason
	}
	return err.Error()
}

// addClientError is the one diagnostic for an error from the client, for
// every endpoint: what happened, what to check, and the requestId for
// support. The client's errors never hold a credential or a token.
func addClientError(diags *diag.Diagnostics, err error, pd *providerData) {
	summary, detail := describeError(err, pd)
	var held *client.HeldError
	if errors.As(err, &held) {
		// A rejection is held for good, and for logins only.
		rest := "will not log in with these credentials again in this run"
		if !held.Until.IsZero() {
			rest = "will not send requests with these credentials again before " + held.Until.UTC().Format(time.RFC3339)
		}
		detail += "\n\nThis failure happened to an earlier request in this run; the provider did not send this one " +
			"and " + rest + "."
	}
	diags.AddError(summary, detail)
}

func describeError(err error, pd *providerData) (summary, detail string) {
	baseURL := pd.client.BaseURL()
	var (
		config  *client.ConfigError
		missing *client.MissingCredentialError
		apiErr  *client.APIError
		respErr *client.ResponseError
		reqErr  *client.RequestError
		shared  *ShareLoginFailure
	)
	switch {
	case errors.As(err, &shared):
		return "LiquidCommerce Login Failed in Another Process",
			fmt.Sprintf("Another provider process sharing the token cache in %s (%s) failed to log in "+
				"with the %s credentials a moment ago: %s\n\nSo that processes which start together do not each "+
				"retry against the API, this one does not log in again before %s. Retry after that; if the failure "+
				"names the credentials, fix them first.", shared.Dir, pd.tokenCacheDir.setting(), shared.Credential,
				shared.Failure, shared.Until.UTC().Format(time.RFC3339))
	case errors.As(err, &config) && config.Field == "path":
		// A path known only at apply skips validation; the client checks it
		// before any token leaves.
		return "Invalid LiquidCommerce API Path", reason(err) + ". Nothing was sent."
	case errors.As(err, &config):
		return "Invalid LiquidCommerce Setting", reason(err) + ". Nothing was sent."
	case errors.As(err, &missing) && missing.Credential == string(client.Orders):
		return "Missing LiquidCommerce Orders API Credentials",
			"The provider has no " + ordersMissing(pd) + ", so it cannot obtain an Orders API token; " +
				"no request was made." +
				"\n\nSet orders_user_id and orders_password in the provider \"liquidcommerce\" block, or set the " +
				EnvOrdersUserID + " and " + EnvOrdersPassword + " environment variables. LiquidCommerce hands out " +
				"these credentials; they are not the API key. Or pass an Orders API token minted elsewhere in " +
				"orders_access_token (or " + EnvOrdersAccessToken + ")."
	case errors.As(err, &missing):
		return "Missing LiquidCommerce API Key",
			"The provider has no API key: " + pd.apiKey.absence() + ". It cannot obtain an access token " +
				"without one; no request was made.\n\nSet api_key in the provider \"liquidcommerce\" block, or " +
				"set the " + EnvAPIKey + " environment variable. Or pass an access token minted elsewhere in " +
				"access_token (or " + EnvAccessToken + ")."
	case errors.As(err, &apiErr):
		return describeAPIError(apiErr, pd)
	case errors.As(err, &respErr):
		d := fmt.Sprintf("The LiquidCommerce API at %s answered %s %s with HTTP %d, but the response could not be used: %s.",
			baseURL, respErr.Method, respErr.Path, respErr.HTTPStatus, respErr.Reason)
		if respErr.ContentType != "" {
			d += " Content type: " + respErr.ContentType + "."
		}
		if strings.HasPrefix(respErr.Reason, "the body is larger") {
			d += "\n\nAsk for less: a smaller page (limit for /orders, perPage for /catalog/search)."
		} else if respErr.Malformed {
			d += "\n\nCheck that " + pd.baseURL.setting() + " points at the LiquidCommerce API (for example " + client.DefaultBaseURL +
				", https://staging.api.liquidcommerce.cloud, or the same with an /api prefix) and not at a proxy or web page. " +
				"If it does, the API may be having trouble; retry later."
		} else {
			d += "\n\nThe API answered with a value the provider cannot use safely. If this persists, " +
				"contact LiquidCommerce support."
		}
		return "Unexpected Response From LiquidCommerce API", d + supportLine(respErr.RequestID)
	case errors.As(err, &reqErr):
		return describeRequestError(reqErr, pd)
	}
	return "LiquidCommerce Client Error", err.Error()
}

// limitSettings names the two settings that bound a request, where each
// was set.
func (pd *providerData) limitSettings() string {
	return pd.requestTimeoutSrc.origin() + " or " + pd.maxRetriesSrc.origin()
}

func describeRequestError(e *client.RequestError, pd *providerData) (summary, detail string) {
	what := e.Method + " " + e.Path
	if e.Login {
		what = "the login (" + what + ")"
	}
	attempts := ""
	if e.Attempts > 1 {
		attempts = fmt.Sprintf(" on each of %d attempts", e.Attempts)
	}
	switch {
	case errors.Is(e, context.Canceled):
		return "LiquidCommerce Request Canceled",
			"The operation was canceled (interrupted) while waiting for " + what + ". Nothing is wrong with the API or the settings."
	case e.WaitedFor != "" && errors.Is(e, context.DeadlineExceeded):
		// Its time went on another request's login or probe, or on a
		// Retry-After another request got: say which, and how long, not that
		// the API was slow to answer it.
		until := "until its own deadline passed"
		if !e.Until.IsZero() {
			until = "which ends at " + e.Until.UTC().Format(time.RFC3339) + ", past its own deadline"
		}
		return "LiquidCommerce Request Timed Out While Waiting",
			fmt.Sprintf("The request waited %s for %s, %s, on %s: %v.\n\nAfter a 429 or 503 every request with "+
				"the same credentials waits for the API's Retry-After (else a backoff), then one request probes while "+
				"the others wait for its answer; a request whose wait would end past its deadline fails at once. "+
				"Another request's login is waited for the same way. Retry later, or raise %s (or on the read that "+
				"waited: liquidcommerce_api_request and the typed reads take both).",
				e.Waited.Round(time.Millisecond), e.WaitedFor, until, what, e.Err, pd.limitSettings())
	case errors.Is(e, client.ErrBound) && pd.maxWait == pd.requestTimeout:
		// With no retries the bound is the attempt's timeout: say that.
		return "LiquidCommerce API Request Timed Out",
			fmt.Sprintf("%s got no answer within request_timeout (%s), with no retries (max_retries = 0).\n\n"+
				"Retry later, or raise %s (or on the read that sent it: liquidcommerce_api_request and the "+
				"typed reads take both).", what,
				pd.requestTimeout, pd.limitSettings())
	case errors.Is(e, client.ErrBound):
		return "LiquidCommerce API Request Timed Out",
			fmt.Sprintf("%s took longer than %s, the most one request with its retries may take with these settings: "+
				"request_timeout (%s) for each attempt and up to 2m between attempts, time spent waiting for other "+
				"requests with the same credentials included.\n\nRetry later, or raise %s (or on the read that "+
				"sent it: liquidcommerce_api_request and the typed reads take both).", what, pd.maxWait, pd.requestTimeout, pd.limitSettings())
	case e.AttemptTimeout == 0 && errors.Is(e, context.DeadlineExceeded):
		return "LiquidCommerce Request Timed Out",
			"The operation's deadline passed while waiting for " + what + ". The deadline was set by the caller, not by this " +
				"provider, whose own limits are request_timeout for each attempt and max_retries."
	case e.AttemptTimeout > 0:
		return "LiquidCommerce API Request Timed Out",
			fmt.Sprintf("%s got no answer within request_timeout (%s)%s: %v.\n\nRetry later, or raise %s (or "+
				"request_timeout on the read that sent it). Each request with its retries waits "+
				"at most %s with these settings (request_timeout and max_retries bound it).",
				what, e.AttemptTimeout, attempts, e.Err, pd.requestTimeoutSrc.origin(), pd.maxWait)
	case errors.Is(e, client.ErrRedirectRefused):
		return "LiquidCommerce API Redirect Refused",
			fmt.Sprintf("%s: %v. The provider never sends credentials to another host, and never lets a redirect change "+
				"a request's method or drop its body. If the API moved to another host you trust, set %s to it; "+
				"if it moved a path, use the new path.", what, e.Err, pd.baseURL.setting())
	}
	notResent := ""
	if e.Method == http.MethodPost {
		notResent = " A POST that may have reached the API is not sent again, so that it is not processed twice."
	}
	return "Cannot Reach LiquidCommerce API",
		fmt.Sprintf("%s failed%s: %v.%s\n\nCheck %s (%s), DNS, proxies (HTTPS_PROXY) and network access to the API.",
			what, attempts, e.Err, notResent, pd.baseURL.setting(), pd.client.BaseURL())
}

// ordersMissing says which Orders credentials the provider lacks, and that
// neither of their places gave one.
func ordersMissing(pd *providerData) string {
	var missing []string
	for _, c := range []struct {
		what string
		src  source
	}{{"Orders API user id", pd.ordersUserID}, {"Orders API password", pd.ordersPassword}} {
		if !c.src.set {
			missing = append(missing, c.what+" ("+c.src.absence()+")")
		}
	}
	if len(missing) == 0 {
		// The client trims what the provider does not; it has the last word.
		return "usable Orders API user id and password"
	}
	return strings.Join(missing, " and no ")
}

func describeAPIError(e *client.APIError, pd *providerData) (summary, detail string) {
	baseURL := pd.client.BaseURL()
	what := fmt.Sprintf("The LiquidCommerce API at %s answered %s %s with HTTP %d", baseURL, e.Method, e.Path, e.HTTPStatus)
	if e.StatusCode != 0 && e.StatusCode != e.HTTPStatus {
		what += fmt.Sprintf(" (statusCode %d)", e.StatusCode)
	}
	what += ": " + e.Message
	if len(e.Errors) > 0 {
		what += " (" + strings.Join(e.Errors, "; ") + ")"
	}
	if e.Attempts > 1 {
		what += fmt.Sprintf(", after %d attempts", e.Attempts)
	}
	what += "."
	support := supportLine(e.RequestID)
	if given := pd.given(client.Credential(e.Credential)); e.Login && given.set {
		support = "\n\nThe provider logged in only because the API refused the token from " + given.origin() + " on a " +
			"request. If that token works on other endpoints, that request may need other credentials: the Orders " +
			"API (/orders) takes credentials = \"orders\" in liquidcommerce_api_request; every other endpoint takes " +
			"credentials = \"api_key\"." + support
	}
	if summary, detail, ok := givenTokenRefused(e, pd); ok {
		return summary, what + detail + support
	}
	switch {
	case e.IsCredentialRejected() && e.Credential == string(client.Orders):
		user, password := pd.ordersUserID, pd.ordersPassword
		return "LiquidCommerce Orders API Credentials Rejected", what +
			"\n\nThe Orders API user id from " + user.origin() + " and the password from " + password.origin() +
			" were rejected." + user.precedence() + password.precedence() + " Check both: they are the Orders API " +
			"user id and password LiquidCommerce handed out, not the API key, and they must belong to the " +
			"environment of " + pd.baseURL.setting() + "." + support
	case e.IsCredentialRejected():
		return "LiquidCommerce API Key Rejected", what +
			"\n\nThe API key from " + pd.apiKey.origin() + " was rejected." + pd.apiKey.precedence() +
			" Check that it holds a current API key for this environment: production and staging keys are not " +
			"interchangeable, so " + pd.baseURL.setting() + " must match the key." + support
	case e.HTTPStatus == http.StatusTooManyRequests && e.RetryAfter > client.MaxRetryAfter:
		wait := e.RetryAfter.Round(time.Second).String()
		if e.RetryAfter >= 24*time.Hour {
			wait = "a day or more"
		}
		return "LiquidCommerce API Rate Limit Reached", what + fmt.Sprintf(" The API asked to wait %s, longer than the "+
			"provider waits (%s) within a run.\n\nRun again after that.", wait, client.MaxRetryAfter) + support
	case e.HTTPStatus == http.StatusTooManyRequests:
		wait := ""
		if e.RetryAfter > 0 {
			wait = fmt.Sprintf(" The API asked to wait %s.", e.RetryAfter.Round(time.Second))
		}
		return "LiquidCommerce API Rate Limit Reached", what + wait +
			"\n\nRetry later, run fewer operations in parallel with this key (the -parallelism option of plan and apply), " +
			"or raise " + pd.maxRetriesSrc.origin() + "." + support
	case e.Method == http.MethodPost && (e.HTTPStatus == 502 || e.HTTPStatus == 504):
		return "LiquidCommerce API Unavailable", what + "\n\nA POST is not sent again after a 502 or 504: the API may " +
			"have processed it. Retry later; if it persists, contact LiquidCommerce support." + support
	case e.Login && e.HTTPStatus == 404 && strings.HasSuffix(baseURL, "/api"):
		return "LiquidCommerce API Not Found at base_url", what +
			"\n\nCheck " + pd.baseURL.setting() + ": the API has no " + e.Path + " under it. It ends in /api, a prefix " +
			"this API does not seem to use: remove it, as in " + pd.baseURL.assign(strings.TrimSuffix(baseURL, "/api")) +
			"." + support
	case e.Login && e.HTTPStatus == 404:
		return "LiquidCommerce API Not Found at base_url", what +
			"\n\nCheck " + pd.baseURL.setting() + ": the API has no " + e.Path + " under it. If your API is served under a path prefix, " +
			"include it, for example " + client.DefaultBaseURL + "/api." + support
	case e.HTTPStatus == 401:
		return "LiquidCommerce API Rejected the Token", what +
			"\n\nThe provider retried with a new " + e.Credential + " token where that could help (after the API had " +
			"accepted the token before, or for the first token of the run), so this endpoint may need other credentials: " +
			"the Orders API (/orders) takes credentials = \"orders\" in liquidcommerce_api_request; every other endpoint " +
			"takes credentials = \"api_key\". If the credentials are right, retry later, and contact LiquidCommerce " +
			"support if it persists." + support
	case e.HTTPStatus == 403:
		return "LiquidCommerce API Access Forbidden", what +
			"\n\nThe credentials are valid, but not allowed to do this: the key or account may lack access to this " +
			"endpoint or resource. Ask LiquidCommerce to grant it." + support
	case e.HTTPStatus >= 500:
		return "LiquidCommerce API Unavailable", what +
			"\n\nThis is a fault on the API side. Retry later; if it persists, contact LiquidCommerce support." + support
	}
	return "LiquidCommerce API Error", what + support
}

func supportLine(requestID string) string {
	if requestID == "" {
		return ""
	}
	return "\n\nRequest ID for LiquidCommerce support: " + requestID
}

// givenTokenRefused explains a 401 to a token given in access_token or
// orders_access_token when the provider had no credential to log in with
// instead. It never names the token, only where it came from.
func givenTokenRefused(e *client.APIError, pd *providerData) (summary, detail string, ok bool) {
	if e.HTTPStatus != http.StatusUnauthorized || e.Login {
		return "", "", false
	}
	var lacking, mint string
	given := pd.given(client.Credential(e.Credential))
	if e.Credential == string(client.Orders) {
		lacking = "it has no " + ordersMissing(pd)
		mint = "an Orders API token lives minutes, so mint it right before the runs that use it: GET " +
			"/order-authentication with the Orders user id and password as HTTP Basic credentials (curl -u), or " +
			"liquidcommerce_orders_access_token in the configuration that hands it out. Or set orders_user_id and " +
			"orders_password, so that the provider logs in itself when the API refuses a given token."
		summary = "LiquidCommerce API Rejected the Given Orders API Token"
	} else {
		lacking = "api_key is not set (" + pd.apiKey.absence() + ")"
		mint = "GET /authentication with the API key in the X-LIQUID-API-KEY header (with curl), or " +
			"liquidcommerce_access_token in a bootstrap configuration that writes the token to your secret store. " +
			"Access tokens last a day: mint one per pipeline run. Or set api_key (or " + EnvAPIKey + "), so that the " +
			"provider logs in itself when the API refuses a given token."
		summary = "LiquidCommerce API Rejected the Given Access Token"
	}
	if !given.set || pd.canLogIn(client.Credential(e.Credential)) {
		return "", "", false
	}
	return summary, "\n\nThe token from " + given.origin() + " (or one the API handed back in its place) was " +
		"rejected: it has expired or was revoked." +
		given.precedence() + " The provider did not log in instead, since " + lacking + ".\n\nMint a new token " +
		"and pass it again: " + mint + "\n\nIf the token is current, the endpoint may need other credentials: " +
		"the Orders API (/orders) takes orders_access_token and credentials = \"orders\" in " +
		"liquidcommerce_api_request; every other endpoint takes access_token.", true
}

// warnGivenTokenRefused warns, once per provider process and credential,
// when res says that the API refused the token given for cred and then took
// a login's token on the same path: the token is broken, and each process
// given it logs in, which no error would show. It names where the token
// came from, never the token.
func (pd *providerData) warnGivenTokenRefused(res *client.Response, cred client.Credential, diags *diag.Diagnostics) {
	if !res.GivenTokenRefused || !pd.warned.first(cred) {
		return
	}
	given := pd.given(cred)
	summary, token, login, why := "LiquidCommerce API Refused the Given Access Token; Logged In Instead",
		"access token", "the API key from "+pd.apiKey.origin(), "access tokens last a day"
	mint := "GET /authentication with the API key in the X-LIQUID-API-KEY header (with curl), or " +
		"liquidcommerce_access_token in a bootstrap configuration that writes the token to your secret store. " +
		"Access tokens last a day: mint one per pipeline run."
	if cred == client.Orders {
		summary, token, why = "LiquidCommerce API Refused the Given Orders API Token; Logged In Instead",
			"Orders API token", "Orders API tokens live minutes"
		login = "the Orders API user id from " + pd.ordersUserID.origin() + " and the password from " +
			pd.ordersPassword.origin()
		mint = "GET /order-authentication with the Orders user id and password as HTTP Basic credentials (curl -u), " +
			"or liquidcommerce_orders_access_token in the configuration that hands it out. Orders API tokens live " +
			"minutes: mint one right before the jobs that use it."
	}
	diags.AddWarning(summary, "The LiquidCommerce API at "+pd.client.BaseURL()+" refused (HTTP 401) the "+token+
		" from "+given.origin()+", then took, on the same request, a token the provider got by logging in with "+
		login+". So the given token is what is wrong: it has expired ("+why+"), was revoked, or belongs to "+
		"another environment than "+pd.baseURL.setting()+"."+given.precedence()+"\n\nThe reads go on with the new token, but "+
		"every provider process given this token logs in the same way: a CI fan-out that shares it makes one "+
		"login per job, as if no token were given.\n\nMint a new token for the jobs and pass it again: "+mint+
		" See the guide \"Tokens for CI fan-out\".\n\nThis warning is given once per provider process.")
}
