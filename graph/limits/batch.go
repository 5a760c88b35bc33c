package limits

import (
	"bufio"
	"io"
	"net/http"
)

// batchRejectedBody is shaped like a GraphQL response so clients parse it
// like any other error.
const batchRejectedBody = `{"errors":[{"message":"不支持批量操作：每个请求只能包含一个操作 (batched operations are not supported)","extensions":{"code":"BAD_REQUEST"}}]}` + "\n"

// peekLimit is how far RejectBatches looks for the first non-space byte. A
// body with more leading whitespace than that goes through and fails JSON
// decoding in gqlgen instead, which refuses arrays anyway.
const peekLimit = 512

// RejectBatches answers 400 to a POST whose JSON body is an array, the
// batching format some clients send. gqlgen would refuse it too, but with a
// decoding error; batching also multiplies every per-operation limit by the
// batch length, so it is refused explicitly and early.
//
// Only the first non-whitespace byte is looked at; the body is handed on
// unread, whatever its content type.
func RejectBatches(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		br := bufio.NewReaderSize(r.Body, peekLimit)
		// The peeked bytes stay in br, so the next handler reads the body
		// from its start; Close still reaches the original body.
		r.Body = readCloser{Reader: br, Closer: r.Body}
		if firstNonSpace(br) == '[' {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, batchRejectedBody)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}

// firstNonSpace returns the first byte after JSON whitespace, or 0 when the
// body ends, fails or has only whitespace within peekLimit. It peeks one more
// byte at a time so a slow client's first byte is seen as soon as it arrives.
// A read error stays in br and reaches the next handler on its own read.
func firstNonSpace(br *bufio.Reader) byte {
	for n := 1; n <= peekLimit; n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return 0
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\n', '\r':
			continue
		default:
			return c
		}
	}
	return 0
}
