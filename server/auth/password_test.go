package auth

import (
	"errors"
	"strings"
	"testing"
)

// cheapParams keep the tests fast; the default cost is exercised by the
// round-trip test and the benchmark.
var cheapParams = Params{Memory: minMemory, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func MustHash(t *testing.T, pw string, p Params) string {
	t.Helper()
	h, err := HashPasswordWithParams(pw, p)
	if err != nil {
		t.Fatalf("hash %q: %v", pw, err)
	}
	return h
}

func TestPasswordRoundTrip(t *testing.T) {
	encoded, err := HashPassword("安全生产零事故2026")
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("encoded = %q, want PHC string with default parameters", encoded)
	}
	again, err := HashPassword("安全生产零事故2026")
	if err != nil {
		t.Fatal(err)
	}
	if again == encoded {
		t.Error("two hashes of one password are equal; the salt is not random")
	}

	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{name: "right password", pw: "安全生产零事故2026", want: true},
		{name: "wrong password", pw: "安全生产零事故2025", want: false},
		{name: "empty password", pw: "", want: false},
		{name: "prefix of the password", pw: "安全生产", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckPassword(encoded, tt.pw)
			if err != nil {
				t.Fatalf("CheckPassword: %v", err)
			}
			if got != tt.want {
				t.Errorf("CheckPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckPasswordReadsParamsFromHash(t *testing.T) {
	// A hash made with other parameters must keep verifying after the
	// defaults change, and must be flagged for rehashing.
	encoded := MustHash(t, "correct horse", cheapParams)
	ok, err := CheckPassword(encoded, "correct horse")
	if err != nil || !ok {
		t.Fatalf("CheckPassword = %v, %v; want true", ok, err)
	}
	if !NeedsRehash(encoded) {
		t.Error("NeedsRehash = false for non-default parameters")
	}
	current, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(current) {
		t.Error("NeedsRehash = true for a default hash")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	good := MustHash(t, "password1", cheapParams)
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..., salt, key
	join := func(p ...string) string { return strings.Join(p, "$") }

	tests := []struct {
		name    string
		encoded string
	}{
		{name: "empty", encoded: ""},
		{name: "bcrypt hash", encoded: "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{name: "argon2i", encoded: join("", "argon2i", parts[2], parts[3], parts[4], parts[5])},
		{name: "old version", encoded: join("", "argon2id", "v=16", parts[3], parts[4], parts[5])},
		{name: "missing version", encoded: join("", "argon2id", parts[3], parts[4], parts[5])},
		{name: "extra field", encoded: good + "$extra"},
		{name: "leading garbage", encoded: "x" + good},
		{name: "params out of order", encoded: join("", "argon2id", parts[2], "t=1,m=8192,p=1", parts[4], parts[5])},
		{name: "missing param", encoded: join("", "argon2id", parts[2], "m=8192,t=1", parts[4], parts[5])},
		{name: "non-numeric param", encoded: join("", "argon2id", parts[2], "m=lots,t=1,p=1", parts[4], parts[5])},
		{name: "negative param", encoded: join("", "argon2id", parts[2], "m=8192,t=-1,p=1", parts[4], parts[5])},
		{name: "memory too large", encoded: join("", "argon2id", parts[2], "m=4194304,t=1,p=1", parts[4], parts[5])},
		{name: "memory too small", encoded: join("", "argon2id", parts[2], "m=64,t=1,p=1", parts[4], parts[5])},
		{name: "too many passes", encoded: join("", "argon2id", parts[2], "m=8192,t=1000,p=1", parts[4], parts[5])},
		{name: "zero threads", encoded: join("", "argon2id", parts[2], "m=8192,t=1,p=0", parts[4], parts[5])},
		{name: "threads overflow uint8", encoded: join("", "argon2id", parts[2], "m=8192,t=1,p=257", parts[4], parts[5])},
		{name: "salt not base64", encoded: join("", "argon2id", parts[2], parts[3], "!!!!", parts[5])},
		{name: "salt with padding", encoded: join("", "argon2id", parts[2], parts[3], parts[4]+"==", parts[5])},
		{name: "salt too short", encoded: join("", "argon2id", parts[2], parts[3], "AAAA", parts[5])},
		{name: "key too short", encoded: join("", "argon2id", parts[2], parts[3], parts[4], "AAAA")},
		{name: "key not base64", encoded: join("", "argon2id", parts[2], parts[3], parts[4], "***")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := CheckPassword(tt.encoded, "password1")
			if ok {
				t.Fatal("CheckPassword accepted a malformed hash")
			}
			if !errors.Is(err, ErrInvalidHash) {
				t.Errorf("error = %v, want ErrInvalidHash", err)
			}
			if !NeedsRehash(tt.encoded) {
				t.Error("NeedsRehash = false for a malformed hash")
			}
		})
	}
}

func TestDummyHash(t *testing.T) {
	// The dummy check only hides unknown usernames if it costs what a real
	// check costs, so it must parse and use today's parameters.
	p, _, _, err := decodeHash(dummyHash)
	if err != nil {
		t.Fatalf("dummy hash does not parse: %v", err)
	}
	if p != DefaultParams() {
		t.Errorf("dummy hash params = %+v, want DefaultParams %+v; regenerate dummyHash", p, DefaultParams())
	}
	if NeedsRehash(dummyHash) {
		t.Error("dummy hash needs rehash; regenerate it with DefaultParams")
	}
	for _, pw := range []string{"", "password1", "安全生产零事故2026"} {
		ok, err := CheckPassword(dummyHash, pw)
		if err != nil || ok {
			t.Errorf("CheckPassword(dummyHash, %q) = %v, %v; want false, nil", pw, ok, err)
		}
		CheckPasswordAgainstDummy(pw)
	}
}

func TestValidateNewPassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{name: "eight ascii characters", pw: "abcd1234"},
		{name: "all lowercase is fine", pw: "correcthorsebatterystaple"},
		{name: "eight chinese characters", pw: "安全生产零事故啊"},
		{name: "128 characters", pw: strings.Repeat("ab", 64)},
		{name: "128 chinese characters", pw: strings.Repeat("安全", 64)},
		{name: "spaces inside", pw: "zero accident 2026"},
		{name: "empty", pw: "", want: ErrPasswordTooShort},
		{name: "seven characters", pw: "abc1234", want: ErrPasswordTooShort},
		{name: "seven chinese characters are 21 bytes but too short", pw: "安全生产零事故", want: ErrPasswordTooShort},
		{name: "129 characters", pw: strings.Repeat("ab", 64) + "c", want: ErrPasswordTooLong},
		{name: "one repeated character", pw: "11111111", want: ErrPasswordRepetitive},
		{name: "one repeated chinese character", pw: "安安安安安安安安", want: ErrPasswordRepetitive},
		{name: "control character", pw: "abcd\x001234", want: ErrPasswordInvalid},
		{name: "newline", pw: "abcd1234\n", want: ErrPasswordInvalid},
		{name: "invalid utf-8", pw: "abcd1234\xff", want: ErrPasswordInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateNewPassword(tt.pw)
			if !errors.Is(err, tt.want) {
				t.Errorf("ValidateNewPassword = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestHashPasswordWithParamsRefusesBadParams(t *testing.T) {
	tests := []struct {
		name string
		p    Params
	}{
		{name: "zero params", p: Params{}},
		{name: "no salt", p: Params{Memory: minMemory, Time: 1, Threads: 1, KeyLen: 32}},
		{name: "too much memory", p: Params{Memory: maxMemory + 1, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := HashPasswordWithParams("password1", tt.p); err == nil {
				t.Error("HashPasswordWithParams succeeded, want error")
			}
		})
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("安全生产零事故2026"); err != nil {
			b.Fatal(err)
		}
	}
}
