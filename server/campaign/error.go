package campaign

import (
	"errors"
	"fmt"
)

// Error codes, shared with the GraphQL edge where they become extensions.code.
const (
	EINVALID         = "BAD_USER_INPUT"
	EUNAUTHENTICATED = "UNAUTHENTICATED"
	EFORBIDDEN       = "FORBIDDEN"
	ENOTFOUND        = "NOT_FOUND"
	ECONFLICT        = "CONFLICT"
	EINTERNAL        = "INTERNAL"
	// EPASSWORDCHANGE refuses (as FORBIDDEN does) everything but changing the password to a user
	// who still has a one-time initial password.
	EPASSWORDCHANGE = "PASSWORD_CHANGE_REQUIRED"
)

// Error is an error a user can act on: a code, the input field it concerns (if any) and a message
// in the user's language. Anything that is not an *Error is internal and never shown verbatim.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a BAD_USER_INPUT error about one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Common errors.
var (
	ErrUnauthenticated = &Error{Code: EUNAUTHENTICATED, Message: "请先登录 (please sign in)"}
	ErrForbidden       = &Error{Code: EFORBIDDEN, Message: "无权执行此操作 (not allowed for your role or scope)"}
	ErrNotFound        = &Error{Code: ENOTFOUND, Message: "未找到 (not found)"}
	ErrStale           = &Error{Code: ECONFLICT, Message: "数据已被他人修改，请刷新后重试 (someone else saved first: reload and try again)"}
)
