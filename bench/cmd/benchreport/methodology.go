package main

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// methodology returns, per benchmark function of the package in dir, its
// doc comment as Markdown: the comments that say how each library is
// driven are the report's methodology, so the two cannot drift apart.
func methodology(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Benchmark") || fn.Doc == nil {
				continue
			}
			text := fn.Doc.Text()
			if more := notes[fn.Name.Name]; more != "" {
				text += "\n" + more
			}
			var p comment.Parser
			var pr comment.Printer
			pr.HeadingLevel = 3
			out[fn.Name.Name] = string(pr.Markdown(p.Parse(text)))
		}
	}
	return out, nil
}

// notes complete doc comments that leave out how a peer is driven
// because their file says it elsewhere (mask_test.go, above its
// //go:linkname declarations).
var notes = map[string]string{
	"BenchmarkMask": `How each library is driven:

  - wscodec: wsmask.Mask.
  - gobwas: ws.Cipher, its public masking function.
  - gorilla: maskBytes, reached by //go:linkname (unexported), called with
    position 0 as gorilla calls it.
  - coder: mask, reached by //go:linkname: the portable Go path coder
    calls on every frame in v1.8.x.
  - coder-asm-disabled: maskAsm, reached by //go:linkname: the assembly
    path coder ships but does not call yet. It counts as a peer, so the
    fastest-peer ratio is taken against the best code any peer ships.
  - gws: internal.MaskXOR, reached by //go:linkname.
  - copy: copy() of a buffer of the same size, the memory-speed reference.
`,
}
