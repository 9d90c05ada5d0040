package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The JMESPath library's errors quote the values they met ("Invalid type
// for: ada@example.com, ..."), and an answer's values may be personal data.
// So an export's error is written here from the expression, the function's
// signature and the JSON types found, and the library's text is shown only
// where it is one of its fixed messages, which quote nothing.

// jmesSignatures are the argument types of JMESPath's functions, as the
// library spells them, in its order; "…" marks a variadic last argument.
var jmesSignatures = map[string][]string{
	"abs": {"number"}, "avg": {"array[number]"}, "ceil": {"number"}, "contains": {"array|string", "any"},
	"ends_with": {"string", "string"}, "floor": {"number"}, "join": {"string", "array[string]"},
	"keys": {"object"}, "length": {"string|array|object"}, "map": {"expref", "array"},
	"max": {"array[number]|array[string]"}, "max_by": {"array", "expref"}, "merge": {"object…"},
	"min": {"array[number]|array[string]"}, "min_by": {"array", "expref"}, "not_null": {"any…"},
	"reverse": {"array|string"}, "sort": {"array[string]|array[number]"}, "sort_by": {"array", "expref"},
	"starts_with": {"string", "string"}, "sum": {"array[number]"}, "to_array": {"any"},
	"to_number": {"any"}, "to_string": {"any"}, "type": {"any"}, "values": {"object"},
}

// jmesTypeNames are the library's type names as a sentence says them.
var jmesTypeNames = map[string]string{
	"number": "a number", "string": "a string", "array": "an array", "object": "an object",
	"array[number]": "an array of numbers", "array[string]": "an array of strings",
	"expref": "an expression reference such as &price", "any": "any value",
}

// jmesFixed are the library's errors that quote nothing, with what they mean.
var jmesFixed = map[string]string{
	"could not compute length()":             "length got a value it cannot measure",
	"invalid type, must be number":           "the expression of max_by, min_by or sort_by gave a value that is not a number where the others are numbers",
	"invalid type, must be string":           "the expression of max_by, min_by or sort_by gave a value that is not a string where the others are strings",
	"invalid type, must be number of string": "the expression of max_by, min_by or sort_by gave a value that is neither a number nor a string",
	"error in sort_by comparison":            "the expression of sort_by gave values that cannot be compared",
	"unknown type":                           "a value has no JSON type: " + errUnreadableNumber.Error(),
}

// explainSearchError says why an expression failed on doc without quoting
// any value of doc: the function, its argument and the JSON types.
func explainSearchError(expr string, doc any, err error) string {
	msg := err.Error()
	const expected = ", expected: []jmespath.jpType{"
	switch {
	case errors.Is(err, errUnreadableNumber):
		return "to_string met " + errUnreadableNumber.Error()
	case strings.HasPrefix(msg, "unknown function: "):
		return "it calls " + strings.TrimPrefix(msg, "unknown function: ") + "(), which is no JMESPath function"
	case msg == "incorrect number of args" || msg == "Invalid arity.":
		return arityError(expr)
	case strings.HasPrefix(msg, "Invalid type for: ") && strings.HasSuffix(msg, "}") &&
		strings.LastIndex(msg, expected) >= 0:
		want := msg[strings.LastIndex(msg, expected)+len(expected) : len(msg)-1]
		return typeError(expr, doc, strings.Join(strings.Split(strings.ReplaceAll(want, `"`, ""), ", "), "|"))
	case jmesFixed[msg] != "":
		return jmesFixed[msg]
	}
	return "the expression cannot be evaluated on this response (the library's reason is left out, as it may quote the response)"
}

// arityError names the calls of expr that have the wrong number of
// arguments.
func arityError(expr string) string {
	for _, c := range jmesCalls(expr) {
		sig, known := jmesSignatures[c.name]
		variadic := known && strings.HasSuffix(sig[len(sig)-1], "…")
		if known && (len(c.args) != len(sig) && !variadic || variadic && len(c.args) < len(sig)) {
			n := fmt.Sprintf("%d argument", len(sig))
			if len(sig) > 1 {
				n += "s"
			}
			if variadic {
				n = "at least " + n
			}
			return fmt.Sprintf("%s takes %s, and it is given %d", c.name, n, len(c.args))
		}
	}
	return "a function is given the wrong number of arguments"
}

// typeError names the argument whose type a function refused: the one of
// expr's calls whose signature wants that type and whose argument,
// evaluated on doc, is not of it.
func typeError(expr string, doc any, want string) string {
	var candidates []string
	for _, c := range jmesCalls(expr) {
		sig := jmesSignatures[c.name]
		for i, arg := range c.args {
			spec := sig[min(i, len(sig)-1)]
			if strings.TrimSuffix(spec, "…") != want {
				continue
			}
			candidates = append(candidates, fmt.Sprintf("%s expects %s as its argument %s", c.name, typeWords(want), arg))
			// Only a call on the whole response reads its argument from
			// the root; one in a projection reads each element.
			if v, err := search(arg, doc); c.rooted && err == nil && !fitsAny(v, want) {
				return fmt.Sprintf("%s expects %s; its argument %s is %s", c.name, typeWords(want), arg, describe(v, want))
			}
		}
	}
	if candidates = slices.Compact(candidates); len(candidates) == 1 {
		return candidates[0] + ", and it got a value of another type"
	}
	return "a function got an argument of another type than the " + typeWords(want) + " it expects"
}

// typeWords says a library type list such as "array|string".
func typeWords(types string) string {
	words := strings.Split(types, "|")
	for i, w := range words {
		words[i] = jmesTypeNames[w]
	}
	return strings.Join(words, " or ")
}

// fitsAny is true when v is of one of the library types listed.
func fitsAny(v any, types string) bool {
	for t := range strings.SplitSeq(types, "|") {
		if fits(v, t) {
			return true
		}
	}
	return false
}

func fits(v any, t string) bool {
	switch t {
	case "any":
		return true
	case "array[number]", "array[string]":
		elems, ok := v.([]any)
		for _, e := range elems {
			ok = ok && fits(e, strings.TrimSuffix(strings.TrimPrefix(t, "array["), "]"))
		}
		return ok
	}
	return jsonTypeOf(v) == jmesTypeNames[t]
}

// describe says the JSON type of v, a value a function refused for want;
// for an array where an array of numbers or strings was wanted, the type
// of an element that does not fit.
func describe(v any, want string) string {
	elems, isArray := v.([]any)
	var elemTypes []string
	for t := range strings.SplitSeq(want, "|") {
		if e, ok := strings.CutPrefix(t, "array["); ok {
			elemTypes = append(elemTypes, strings.TrimSuffix(e, "]"))
		}
	}
	if !isArray || len(elemTypes) == 0 {
		return jsonTypeOf(v)
	}
	for _, e := range elems {
		if !fitsAny(e, strings.Join(elemTypes, "|")) {
			return "an array holding " + jsonTypeOf(e)
		}
	}
	return "an array of numbers and strings"
}

// jsonTypeOf says the JSON type of a decoded value.
func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return errUnreadableNumber.Error()
}

// jmesCall is a function call in an expression: its name, the text of
// each argument, and whether it runs on the whole response (not inside a
// projection, filter, pipe or sub-expression).
type jmesCall struct {
	name   string
	args   []string
	rooted bool
}

// jmesCalls lists the function calls of a JMESPath expression in the order
// their parentheses close, which is the order they run in, inner calls
// first. It reads literals, quoted names and raw strings as the
// specification writes them, so a parenthesis or comma inside one is text.
func jmesCalls(expr string) []jmesCall {
	type open struct {
		bracket  byte
		call     *jmesCall
		argStart int
		rooted   bool
	}
	var stack []open
	var calls []jmesCall
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; c {
		case '\'', '"', '`':
			for i++; i < len(expr) && expr[i] != c; i++ {
				if expr[i] == '\\' {
					i++
				}
			}
		case '(', '[', '{':
			o := open{bracket: c, argStart: i + 1}
			name := identBefore(expr[:i])
			if c == '(' {
				// A call or a group runs on the root when what encloses it
				// does and nothing before it changes the current value.
				n, before := len(stack), strings.TrimRight(expr[:i], " \t\r\n")
				o.rooted = (n == 0 || stack[n-1].bracket == '(' && stack[n-1].rooted) &&
					rootedAfter(before[:len(before)-len(name)])
			}
			if c == '(' && name != "" {
				o.call = &jmesCall{name: name, rooted: o.rooted}
			}
			stack = append(stack, o)
		case ',':
			if n := len(stack); n > 0 && stack[n-1].call != nil {
				top := &stack[n-1]
				top.call.args = append(top.call.args, strings.TrimSpace(expr[top.argStart:i]))
				top.argStart = i + 1
			}
		case ')', ']', '}':
			if n := len(stack); n > 0 {
				top := stack[n-1]
				stack = stack[:n-1]
				if top.call != nil {
					if arg := strings.TrimSpace(expr[top.argStart:i]); arg != "" || len(top.call.args) > 0 {
						top.call.args = append(top.call.args, arg)
					}
					calls = append(calls, *top.call)
				}
			}
		}
	}
	return calls
}

// identBefore is the unquoted name that ends text, spaces aside: a
// function's name when a parenthesis follows.
func identBefore(text string) string {
	text = strings.TrimRight(text, " \t\r\n")
	start := len(text)
	for start > 0 && isIdentByte(text[start-1]) {
		start--
	}
	name := text[start:]
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return ""
	}
	return name
}

// rootedAfter is true when what follows text is evaluated against the
// value text's own expression started with: after nothing, an opening
// parenthesis, a comma, a comparison, a not or an or/and.
func rootedAfter(text string) bool {
	text = strings.TrimRight(text, " \t\r\n")
	switch {
	case text == "", strings.HasSuffix(text, "||"), strings.HasSuffix(text, "&&"):
		return true
	case strings.HasSuffix(text, "|"), strings.HasSuffix(text, "&"):
		return false
	}
	return strings.ContainsRune("(,!<>=", rune(text[len(text)-1]))
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
