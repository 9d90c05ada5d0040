package fakeapi

import (
	"encoding/base64"
	"math"
	"net/http"
)

// ordersAuthenticate answers GET /order-authentication: HTTP Basic with an
// Orders user id and password, no API key.
func (s *Server) ordersAuthenticate(w http.ResponseWriter, r *http.Request, fault *Fault) {
	if r.Method != http.MethodGet {
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+OrdersAuthPath)
		return
	}
	user, password, ok := r.BasicAuth()
	if want, known := s.opts.OrdersUsers[user]; !ok || !known || want != password {
		s.writeError(w, r, http.StatusUnauthorized, 401, "Invalid credentials")
		return
	}
	token, exp, expValue := s.newToken(fault, true)
	if s.opts.OrdersBare {
		s.writeRaw(w, http.StatusOK, map[string]any{
			"accessToken": token, "tokenType": "Bearer", "expiresIn": int(math.Round(exp.Sub(s.now()).Seconds())),
		})
		return
	}
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{
		"statusCode": 200, "message": "OK",
		"data": map[string]any{"token": token, "type": "ORDER_API", "exp": expValue},
	})
}

// BasicAuth is the Authorization header value of HTTP Basic credentials.
func BasicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}
