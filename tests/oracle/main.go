// hcloracle: this project's independent oracle for `terraform fmt` and HCL string
// round trips. It links HashiCorp's own hclwrite (what `terraform fmt` runs) and
// hclsyntax (what Terraform parses with), built offline from Debian packages by
// tests/oracle/build.sh.
//
//	hcloracle check  < f.tf   exit 0 if hclwrite.Format leaves f.tf unchanged,
//	                          3 if not (the first differing line on stderr), 2 on a syntax error
//	hcloracle fmt    < f.tf   print hclwrite.Format(f.tf)
//	hcloracle outline < docs.json
//	                          input: a JSON array of documents. Output: a JSON array, one
//	                          object per document: {"error"} if HashiCorp's parser rejects
//	                          it, else {"blocks": [{"type", "labels", "to"}], "fmt": bool}
//	                          (every top-level block; "to" is the import target's traversal;
//	                          fmt tells whether hclwrite leaves the document unchanged)
//	hcloracle parsebench < list
//	                          input: .tf file paths, one per line. Reads them all, then parses
//	                          them all with hclsyntax.ParseConfig 7 times and prints JSON
//	                          {"files", "bytes", "errors", "median_ns", "best_ns"} (for
//	                          scripts/bench: our parser and this one on the same files, one run)
//	hcloracle quote < strings.json
//	                          input: a JSON array of strings; output: a JSON array of the HCL
//	                          string literals hclwrite writes for them (TokensForValue)
//	hcloracle values < f.tf   print a JSON array, one object per attribute in source order:
//	                          {"path", "value"} for a constant, {"path", "traversal"} for a
//	                          plain reference, {"path", "error"} when evaluation needs a
//	                          variable or function (a live interpolation shows up here)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type entry struct {
	Path      string          `json:"path"`
	Value     json.RawMessage `json:"value,omitempty"`
	Traversal string          `json:"traversal,omitempty"`
	Error     string          `json:"error,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hcloracle check|fmt|values|outline|parsebench < input")
		os.Exit(64)
	}
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(64)
	}
	if os.Args[1] == "outline" {
		outline(src)
		return
	}
	if os.Args[1] == "parsebench" {
		parsebench(src)
		return
	}
	if os.Args[1] == "quote" {
		quote(src)
		return
	}
	file, diags := hclsyntax.ParseConfig(src, "input.tf", hcl.InitialPos)
	if diags.HasErrors() {
		fmt.Fprintln(os.Stderr, diags.Error())
		os.Exit(2)
	}
	switch os.Args[1] {
	case "fmt":
		os.Stdout.Write(hclwrite.Format(src))
	case "check":
		out := hclwrite.Format(src)
		if bytes.Equal(out, src) {
			return
		}
		want := strings.Split(string(out), "\n")
		got := strings.Split(string(src), "\n")
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				fmt.Fprintf(os.Stderr, "line %d:\n  have %q\n  fmt  %q\n", i+1, at(got, i), want[i])
				break
			}
		}
		os.Exit(3)
	case "values":
		var out []entry
		walk(file.Body.(*hclsyntax.Body), "", &out)
		if out == nil {
			out = []entry{}
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(64)
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}

func walk(body *hclsyntax.Body, prefix string, out *[]entry) {
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	type item struct {
		start int
		attr  *hclsyntax.Attribute
		block *hclsyntax.Block
	}
	var items []item
	for _, a := range attrs {
		items = append(items, item{a.SrcRange.Start.Byte, a, nil})
	}
	for _, b := range body.Blocks {
		items = append(items, item{b.TypeRange.Start.Byte, nil, b})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].start < items[j].start })
	seen := map[string]int{}
	for _, it := range items {
		if it.attr != nil {
			*out = append(*out, value(prefix+it.attr.Name, it.attr.Expr))
			continue
		}
		name := it.block.Type
		for _, l := range it.block.Labels {
			name += "." + l
		}
		n := seen[name]
		seen[name] = n + 1
		walk(it.block.Body, fmt.Sprintf("%s%s[%d].", prefix, name, n), out)
	}
}

func value(path string, expr hclsyntax.Expression) entry {
	if st, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		return entry{Path: path, Traversal: traversalString(st.Traversal)}
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return entry{Path: path, Error: diags.Error()}
	}
	raw, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return entry{Path: path, Error: err.Error()}
	}
	return entry{Path: path, Value: raw}
}

func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			raw, _ := ctyjson.Marshal(s.Key, s.Key.Type())
			b.WriteString("[" + string(raw) + "]")
		default:
			b.WriteString(fmt.Sprintf("<step %d>", i))
		}
	}
	return b.String()
}

type block struct {
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
	To     string   `json:"to,omitempty"`
}

type shape struct {
	Error  string  `json:"error,omitempty"`
	Blocks []block `json:"blocks"`
	Fmt    bool    `json:"fmt"`
}

func outline(input []byte) {
	var docs []string
	if err := json.Unmarshal(input, &docs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(64)
	}
	out := make([]shape, 0, len(docs))
	for _, doc := range docs {
		file, diags := hclsyntax.ParseConfig([]byte(doc), "doc.tf", hcl.InitialPos)
		if diags.HasErrors() {
			out = append(out, shape{Error: diags.Error(), Blocks: []block{}})
			continue
		}
		s := shape{Blocks: []block{}, Fmt: bytes.Equal(hclwrite.Format([]byte(doc)), []byte(doc))}
		body := file.Body.(*hclsyntax.Body)
		if len(body.Attributes) > 0 {
			s.Error = "top-level attributes"
		}
		for _, b := range body.Blocks {
			nb := block{Type: b.Type, Labels: b.Labels}
			if nb.Labels == nil {
				nb.Labels = []string{}
			}
			if to, ok := b.Body.Attributes["to"]; ok && b.Type == "import" {
				if st, ok := to.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
					nb.To = traversalString(st.Traversal)
				} else {
					nb.To = "<not a traversal>"
				}
			}
			s.Blocks = append(s.Blocks, nb)
		}
		out = append(out, s)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func parsebench(list []byte) {
	var srcs [][]byte
	total := 0
	sc := bufio.NewScanner(bytes.NewReader(list))
	for sc.Scan() {
		path := strings.TrimSpace(sc.Text())
		if path == "" {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		srcs = append(srcs, b)
		total += len(b)
	}
	var times []int64
	errors := 0
	for rep := 0; rep < 7; rep++ {
		errors = 0
		start := time.Now()
		for _, b := range srcs {
			if _, diags := hclsyntax.ParseConfig(b, "f.tf", hcl.InitialPos); diags.HasErrors() {
				errors++
			}
		}
		times = append(times, time.Since(start).Nanoseconds())
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	fmt.Printf("{\"files\": %d, \"bytes\": %d, \"errors\": %d, \"median_ns\": %d, \"best_ns\": %d}\n", len(srcs), total, errors, times[len(times)/2], times[0])
}

func quote(input []byte) {
	var strs []string
	if err := json.Unmarshal(input, &strs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(64)
	}
	out := make([]string, 0, len(strs))
	for _, s := range strs {
		out = append(out, string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
