package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskSecrets masks the given values in every later log line of ctx, in
// messages and in fields, as a second line of defense behind code that never
// logs them.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	var s []string
	for _, v := range secrets {
		if v != "" {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, s...)
	return tflog.MaskAllFieldValuesStrings(ctx, s...)
}

// tflogLogger writes the client's log lines to the provider log with the
// configured secrets (API key, Orders password) masked.
type tflogLogger struct {
	secrets []string
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(maskSecrets(ctx, l.secrets...), msg, fields)
}
