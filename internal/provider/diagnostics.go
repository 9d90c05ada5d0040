package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

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

// addTokenError turns an error from the client into a diagnostic that says
// what happened, what to check, and the requestId for support. The client's
// errors never hold the API key or a token.
func addTokenError(diags *diag.Diagnostics, err error, baseURL string) {
	summary, detail := describeError(err, baseURL)
	var le *client.TokenLifetimeError
	if errors.As(err, &le) {
		diags.AddAttributeError(path.Root("min_validity"), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

func describeError(err error, baseURL string) (summary, detail string) {
	var (
		apiErr   *client.APIError
		respErr  *client.ResponseError
		reqErr   *client.RequestError
		lifetime *client.TokenLifetimeError
	)
	switch {
	case errors.Is(err, client.ErrMissingAPIKey):
		return "Missing LiquidCommerce API Key",
			"The provider has no API key, so it cannot obtain an access token. " +
				"Set api_key in the provider \"liquidcommerce\" block, or set the " + EnvAPIKey + " environment variable."
	case errors.As(err, &lifetime):
		return "Token Lifetime Shorter Than min_validity",
			fmt.Sprintf("The LiquidCommerce API issued a token valid for %s, but min_validity asks for %s. "+
				"Lower min_validity below the lifetime of the tokens the API issues (normally 24h).",
				lifetime.Remaining.Round(time.Second), lifetime.MinValidity)
	case errors.As(err, &apiErr):
		return describeAPIError(apiErr, baseURL)
	case errors.As(err, &respErr):
		d := fmt.Sprintf("The LiquidCommerce API at %s answered %s %s with HTTP %d, but the response could not be used: %s.",
			baseURL, respErr.Method, respErr.Path, respErr.HTTPStatus, respErr.Reason)
		if respErr.ContentType != "" {
			d += " Content type: " + respErr.ContentType + "."
		}
		if respErr.Malformed {
			d += "\n\nCheck that base_url points at the LiquidCommerce API (for example " + client.DefaultBaseURL +
				", https://staging.api.liquidcommerce.cloud, or the same with an /api prefix) and not at a proxy or web page. " +
				"If it does, the API may be having trouble; retry later."
		} else {
			d += "\n\nThe API answered with a value the provider cannot use safely. If this persists, " +
				"contact LiquidCommerce support."
		}
		return "Unexpected Response From LiquidCommerce API", d + supportLine(respErr.RequestID)
	case errors.Is(err, context.Canceled):
		return "LiquidCommerce Request Canceled", "The operation was canceled before the LiquidCommerce API answered."
	case errors.As(err, &reqErr):
		attempts := ""
		if reqErr.Attempts > 1 {
			attempts = fmt.Sprintf(" after %d attempts", reqErr.Attempts)
		}
		switch {
		case errors.Is(err, client.ErrRedirectRefused):
			return "LiquidCommerce API Redirect Refused",
				fmt.Sprintf("%s. The provider never sends the API key or a token to another host. "+
					"Set base_url to the address the API redirects to, if you trust it.", reqErr.Err)
		case reqErr.Timeout():
			return "LiquidCommerce API Request Timed Out",
				fmt.Sprintf("%s %s did not answer in time%s: %v.\n\nRetry later, or raise request_timeout in the provider block.",
					reqErr.Method, reqErr.URL, attempts, reqErr.Err)
		}
		return "Cannot Reach LiquidCommerce API",
			fmt.Sprintf("%s %s failed%s: %v.\n\nCheck base_url (%s), DNS, proxies (HTTPS_PROXY) and network access to the API.",
				reqErr.Method, reqErr.URL, attempts, reqErr.Err, baseURL)
	}
	return "LiquidCommerce Client Error", err.Error()
}

func describeAPIError(e *client.APIError, baseURL string) (summary, detail string) {
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
	switch {
	case e.IsUnauthorized():
		return "LiquidCommerce API Key Rejected", what +
			"\n\nCheck that api_key (or " + EnvAPIKey + ") holds a current API key for this environment: " +
			"production and staging keys are not interchangeable, so base_url must match the key." + supportLine(e.RequestID)
	case e.IsRateLimited():
		wait := ""
		if e.RetryAfter > 0 {
			wait = fmt.Sprintf(" The API asked to wait %s.", e.RetryAfter.Round(time.Second))
		}
		return "LiquidCommerce API Rate Limit Reached", what + wait +
			"\n\nRetry later, run fewer operations in parallel with this key (the -parallelism option of plan and apply), " +
			"or raise max_retries in the provider block." + supportLine(e.RequestID)
	case e.HTTPStatus == 404 && e.Path == "/authentication":
		return "LiquidCommerce API Not Found at base_url", what +
			"\n\nCheck base_url: the API has no /authentication under it. If your API is served under a path prefix, " +
			"include it, for example " + client.DefaultBaseURL + "/api." + supportLine(e.RequestID)
	case e.IsServerError():
		return "LiquidCommerce API Unavailable", what +
			"\n\nThis is a fault on the API side. Retry later; if it persists, contact LiquidCommerce support." + supportLine(e.RequestID)
	}
	return "LiquidCommerce API Error", what + supportLine(e.RequestID)
}

func supportLine(requestID string) string {
	if requestID == "" {
		return ""
	}
	return "\n\nRequest ID for LiquidCommerce support: " + requestID
}
