package weblog

import "strings"

// loginMatcher decides which requests are login attempts.
type loginMatcher struct{ patterns []string }

func newLoginMatcher(patterns []string) loginMatcher {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		out[i] = strings.ToLower(trimSlash(p))
	}
	return loginMatcher{patterns: out}
}

// isLogin reports whether a request is a login attempt: a POST whose path
// matches a pattern.
func (m loginMatcher) isLogin(method, url string) bool {
	if method != "POST" {
		return false
	}
	p, _, _ := strings.Cut(url, "?")
	p = strings.ToLower(trimSlash(p))
	for _, pat := range m.patterns {
		if glob(pat, p) {
			return true
		}
	}
	return false
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// glob matches s against pat: "*" matches any run of non-"/" characters,
// a final "*" matches anything.
func glob(pat, s string) bool {
	for len(pat) > 0 {
		if pat[0] != '*' {
			if len(s) == 0 || s[0] != pat[0] {
				return false
			}
			pat, s = pat[1:], s[1:]
			continue
		}
		if len(pat) == 1 {
			return true
		}
		for i := 0; i <= len(s); i++ {
			if glob(pat[1:], s[i:]) {
				return true
			}
			if i < len(s) && s[i] == '/' {
				return false
			}
		}
		return false
	}
	return len(s) == 0
}
