package csvsafe

import (
	"bytes"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+86 139": "'+86 139", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "朔城区": "朔城区", "0349-2345678": "0349-2345678", "a=b": "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=cmd", "ok"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got := b.String(); got != "'=cmd,ok\n" {
		t.Fatalf("wrote %q", got)
	}
}
