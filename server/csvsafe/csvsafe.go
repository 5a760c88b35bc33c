// Package csvsafe writes CSV that a spreadsheet opens as text: a cell beginning with =, +, -, @,
// a tab or a carriage return would otherwise run as a formula (CSV injection, e.g.
// =HYPERLINK(…) typed into a unit's address by one user and clicked by another). Every CSV export
// writes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer is a csv.Writer that neutralises every cell.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell neutralised.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.Writer.Write(w.buf)
}

// Cell returns c as a spreadsheet reads it as text: with a leading apostrophe when it begins
// with a character that starts a formula.
func Cell(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
