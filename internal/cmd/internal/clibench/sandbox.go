package clibench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
)

// SandboxUPCs asks the sandbox (LIQUIDCOMMERCE_BASE_URL, with
// LIQUIDCOMMERCE_API_KEY) for the pages of a search of the whole catalog
// until they hold n distinct UPCs, wherever the answers hold them, and
// gives the first n of them, sorted.
func SandboxUPCs(n int) []string {
	base, key := os.Getenv("LIQUIDCOMMERCE_BASE_URL"), os.Getenv("LIQUIDCOMMERCE_API_KEY")
	var login struct {
		Data struct {
			Token string `json:"token"`
		} `json:"data"`
	}
	call(http.MethodGet, base+"/authentication", map[string]string{"X-LIQUID-API-KEY": key}, nil, &login)
	var upcs []string
	var walk func(v any) int
	walk = func(v any) (products int) {
		switch v := v.(type) {
		case map[string]any:
			if u, ok := v["upc"].(string); ok && !slices.Contains(upcs, u) {
				upcs = append(upcs, u)
			}
			if p, ok := v["products"].([]any); ok {
				products = len(p)
			}
			for _, w := range v {
				products += walk(w)
			}
		case []any:
			for _, w := range v {
				products += walk(w)
			}
		}
		return products
	}
	for page := 0; len(upcs) < n; page++ {
		var answer any
		call(http.MethodPost, base+"/catalog/search", map[string]string{"Authorization": "Bearer " + login.Data.Token},
			fmt.Appendf(nil, `{"page":%d,"perPage":100}`, page), &answer)
		if walk(answer) == 0 {
			break
		}
	}
	slices.Sort(upcs)
	if len(upcs) < n {
		log.Fatalf("the sandbox's search gave %d UPCs, fewer than %d", len(upcs), n)
	}
	return upcs[:n]
}

func call(method, url string, headers map[string]string, body []byte, v any) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	for k, h := range headers {
		req.Header.Set(k, h)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil || json.Unmarshal(raw, v) != nil {
		log.Fatalf("%s %s answered HTTP %d, not JSON", method, url, res.StatusCode)
	}
}
