package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters of one hash. They are written into
// every encoded hash, so raising them later only affects new hashes; old ones
// keep verifying with the parameters they were made with (see NeedsRehash).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are OWASP's argon2id minimum (m=19 MiB, t=2, p=1). A larger
// memory cost would be stronger per hash, but on a 2-core server a burst of
// logins multiplies it: 20 concurrent logins at 64 MiB is 1.3 GiB.
func DefaultParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Bounds for parameters read back from a stored hash. A corrupted or planted
// hash must not be able to make one login allocate gigabytes or spin for
// minutes.
const (
	minMemory  = 8 * 1024   // 8 MiB
	maxMemory  = 256 * 1024 // 256 MiB
	maxTime    = 10
	maxThreads = 16
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// Password policy limits, counted in characters (runes) so that Chinese
// passwords are not penalised for being three bytes per character.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// Policy errors. Their messages are shown to users as they are (Chinese first,
// English in brackets), so callers may pass them straight to the client.
var (
	ErrPasswordTooShort   = errors.New("密码至少 8 个字符 (password must be at least 8 characters)")
	ErrPasswordTooLong    = errors.New("密码最多 128 个字符 (password must be at most 128 characters)")
	ErrPasswordInvalid    = errors.New("密码包含无效字符 (password contains invalid characters)")
	ErrPasswordRepetitive = errors.New("密码不能由同一个字符重复组成 (password must not be one repeated character)")
)

// ErrInvalidHash means a stored password hash could not be parsed. It points
// at data corruption or a migration bug, never at a wrong password.
var ErrInvalidHash = errors.New("invalid password hash")

// dummyHash is the argon2id hash of 32 random bytes nobody kept, made with
// DefaultParams. CheckPasswordAgainstDummy verifies against it so that a login
// for an unknown user costs the same as one with a wrong password. It is a
// constant, not computed at start, so the package has no state; a test keeps
// its parameters equal to DefaultParams.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$cNEqTWrlLR9nhKEx3geqeQ$GmFXq+H+DVesb/w8iijcgHReTNtROYhe0BfHjf4t4Us"

// ValidateNewPassword applies the password policy to a password a user is
// setting. It deliberately asks for no character classes (NIST SP 800-63B):
// length is what matters, and a passphrase of Chinese characters is fine.
func ValidateNewPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return ErrPasswordInvalid
	}
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return ErrPasswordTooShort
	}
	if n > MaxPasswordLen {
		return ErrPasswordTooLong
	}
	first, _ := utf8.DecodeRuneInString(pw)
	repetitive := true
	for _, r := range pw {
		// Control characters are almost always a paste accident, and a
		// password that cannot be typed again locks its owner out.
		if unicode.IsControl(r) {
			return ErrPasswordInvalid
		}
		if r != first {
			repetitive = false
		}
	}
	if repetitive {
		return ErrPasswordRepetitive
	}
	return nil
}

// HashPassword hashes pw with DefaultParams and a fresh random salt and
// returns it in PHC string format.
func HashPassword(pw string) (string, error) {
	return HashPasswordWithParams(pw, DefaultParams())
}

// HashPasswordWithParams is HashPassword with explicit parameters, for tuning
// and for tests that cannot afford the default cost.
func HashPasswordWithParams(pw string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodeHash(p, salt, key), nil
}

// CheckPassword reports whether pw matches the encoded hash, using the
// parameters stored in the hash. A mismatch is (false, nil); an error means
// the hash itself is unusable and should be logged, not shown.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// CheckPasswordAgainstDummy runs the same work as CheckPassword against a
// hash no password matches. Call it when the username is unknown (or the
// account disabled) so response time does not reveal which usernames exist.
func CheckPasswordAgainstDummy(pw string) {
	// The result is meaningless by construction; only the time spent matters.
	_, _ = CheckPassword(dummyHash, pw)
}

// NeedsRehash reports whether encoded was made with parameters other than
// DefaultParams (or cannot be parsed). Call it after a successful login and
// store a fresh HashPassword of the password the user just typed, so cost
// changes reach existing accounts without a reset.
func NeedsRehash(encoded string) bool {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return true
	}
	d := DefaultParams()
	return p.Memory != d.Memory || p.Time != d.Time || p.Threads != d.Threads ||
		uint32(len(salt)) != d.SaltLen || uint32(len(key)) != d.KeyLen
}

func (p Params) check() error {
	switch {
	case p.Memory < minMemory || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB outside [%d, %d]", p.Memory, minMemory, maxMemory)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time %d outside [1, %d]", p.Time, maxTime)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("threads %d outside [1, %d]", p.Threads, maxThreads)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d outside [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d outside [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// b64 is the PHC string encoding: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash parses "$argon2id$v=19$m=M,t=T,p=P$salt$key" strictly: the
// fields in that order and nothing else, because a lenient parser of
// security-relevant strings is where surprises live.
func decodeHash(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, fmt.Errorf("%w: want 5 $-separated fields", ErrInvalidHash)
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: algorithm %q is not argon2id", ErrInvalidHash, parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrInvalidHash, parts[2])
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return p, nil, nil, fmt.Errorf("%w: want m,t,p parameters, got %q", ErrInvalidHash, parts[3])
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(params[i], name+"=")
		if !ok {
			return p, nil, nil, fmt.Errorf("%w: parameter %d is %q, want %s=", ErrInvalidHash, i+1, params[i], name)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, fmt.Errorf("%w: parameter %s: %w", ErrInvalidHash, name, err)
		}
		vals[i] = n
	}
	if vals[2] > maxThreads {
		return p, nil, nil, fmt.Errorf("%w: threads %d above %d", ErrInvalidHash, vals[2], maxThreads)
	}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %w", ErrInvalidHash, err)
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: key: %w", ErrInvalidHash, err)
	}
	p = Params{
		Memory:  uint32(vals[0]),
		Time:    uint32(vals[1]),
		Threads: uint8(vals[2]),
		SaltLen: uint32(len(salt)),
		KeyLen:  uint32(len(key)),
	}
	if err := p.check(); err != nil {
		return p, nil, nil, fmt.Errorf("%w: %w", ErrInvalidHash, err)
	}
	return p, salt, key, nil
}
