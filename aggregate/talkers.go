package aggregate

import (
	"bytes"
	"math/bits"
)

// Talkers are the heaviest sources of requests, of every status: for the
// flood and top-talker findings, which read each one's count and the
// first and last second it was seen. Each list tracks talkerCapacity
// values, so every source with more than 1/64 of the requests is in it.
type Talkers struct {
	// Clients counts requests per client address (or host name).
	Clients *TalkerList
	// Networks counts requests per network of the client: an IPv4
	// address's /24 ("203.0.113." for 203.0.113.0/24), an IPv6 address's
	// /64 ("2001:db8:1:2:" for 2001:db8:1:2::/64, when its first four
	// groups are written out), a host name's domain (".example.net" for
	// a.b.example.net, when it has three labels or more). A client that
	// is none of these is its own network. NetworkName writes a key for
	// people.
	Networks *TalkerList
	// Agents counts requests per User-Agent as logged (not unescaped),
	// for the formats that log it; the first 128 bytes of each are kept.
	Agents *TalkerList
}

// talkerCapacity is the size of each Talkers list.
const talkerCapacity = 64

func newTalkers() Talkers {
	return Talkers{Clients: NewTalkerList(64), Networks: NewTalkerList(64), Agents: NewTalkerList(128)}
}

func (t *Talkers) lists() []*TalkerList { return []*TalkerList{t.Clients, t.Networks, t.Agents} }

func (t *Talkers) add(client, agent []byte, at int64) {
	if n := len(client); n >= 8 && n <= 16 {
		// Most clients: TalkerList.addShort, by hand for the client and
		// its network (a call each costs as much as the rest), and the
		// address's words serve both.
		lo, hi := le64(client), le64(client[n-8:])
		l, h := t.Clients, shortHash(lo, hi, n)
		if s := l.findShort(h, lo, hi, n); s != nil {
			s.count++
			s.seen(at, at)
		} else if !l.inCell(h) {
			l.addNew(client, h, 1, 0, at, at)
		}
		if k := ipv4Network(lo, hi, n); k > 0 {
			w0, w1 := keyWords(client[:k])
			l, h := t.Networks, shortHash(w0, w1, k)
			if s := l.findShort(h, w0, w1, k); s != nil {
				s.count++
				s.seen(at, at)
			} else if !l.inCell(h) {
				l.addNew(client[:k], h, 1, 0, at, at)
			}
		} else {
			t.Networks.Add(networkKeyOf(client), at)
		}
	} else {
		t.Clients.Add(client, at)
		t.Networks.Add(networkKey(client), at)
	}
	if len(agent) > 16 {
		t.Agents.addLong(agent, at)
	} else if len(agent) > 0 && !(len(agent) == 1 && agent[0] == '-') {
		t.Agents.Add(agent, at)
	}
}

func (t *Talkers) merge(o *Talkers) {
	for i, l := range t.lists() {
		l.Merge(o.lists()[i])
	}
}

// networkKey returns the key of a client's network in Talkers.Networks:
// a prefix of the client for an IPv4 or IPv6 address, a suffix for a host
// name, the client itself otherwise. It slices client and never copies.
func networkKey(client []byte) []byte {
	n := len(client)
	if n >= 8 && n <= 16 {
		if k := ipv4Network(le64(client), le64(client[n-8:]), n); k > 0 {
			return client[:k]
		}
	}
	if n >= 16 && n <= 32 {
		return networkKey32(client)
	}
	return networkKeyOf(client)
}

// networkKey32 is networkKeyOf for a client of 16 to 32 bytes (an IPv6
// address, mostly), from masks of its colons and dots (bit j: client[j]
// is one) made of four words.
func networkKey32(client []byte) []byte {
	// The words overlap under 32 bytes, on the same bytes: their masks
	// agree there.
	n := len(client)
	a, z := (*[16]byte)(client), (*[16]byte)(client[n-16:])
	w0, w1, w2, w3 := le64(a[:8]), le64(a[8:]), le64(z[:8]), le64(z[8:])
	mask := func(c byte) uint32 {
		return byteMask(eqBytes(w0, c)) | byteMask(eqBytes(w1, c))<<8 |
			byteMask(eqBytes(w2, c))<<(n-16) | byteMask(eqBytes(w3, c))<<(n-8)
	}
	if a[0]-'0' <= 9 && z[15]-'0' <= 9 {
		if dots := mask('.'); bits.OnesCount32(dots) == 3 {
			return client[:bits.Len32(dots)] // IPv4, or very like one
		}
	}
	if colons := mask(':'); colons != 0 {
		// The prefix to the fourth colon, unless a "::" is in it.
		c := colons
		c &= c - 1
		c &= c - 1
		c &= c - 1
		if c == 0 {
			return client
		}
		fourth := bits.TrailingZeros32(c)
		if colons&(colons>>1)&(1<<fourth-1) != 0 {
			return client
		}
		return client[:fourth+1]
	}
	// A domain: from the first dot, if the next is not just after.
	dots := mask('.')
	if first := bits.TrailingZeros32(dots); dots != 0 && first > 0 {
		if next := dots &^ (2<<first - 1); next != 0 && bits.TrailingZeros32(next) > first+1 {
			return client[first:]
		}
	}
	return client
}

// eqBytes returns the high bit of each byte of w that is c (and no
// other bit).
func eqBytes(w uint64, c byte) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	v := w ^ 0x0101010101010101*uint64(c)
	return ^((v&low7 + low7) | v | low7)
}

// byteMask gathers the high bits of an eqBytes mask into 8 bits, bit j
// for byte j.
func byteMask(m uint64) uint32 { return uint32((m >> 7) * 0x0102040810204080 >> 56) }

// ipv4Network returns the length of the network key of a client of 8 to
// 16 bytes, whose first and last 8 are lo and hi (little-endian), when it
// is an IPv4 address, or very like one (digits at both ends, three dots):
// up to its last dot, as networkKeyOf; else 0.
func ipv4Network(lo, hi uint64, n int) int {
	if byte(lo)-'0' > 9 || byte(hi>>56)-'0' > 9 {
		return 0
	}
	dl := dotBytes(lo) >> 7                        // bit 8j: client[j] is a dot
	dh := dotBytes(hi) >> 7 >> (8 * (16 - n) & 63) // bit 8j: client[8+j] is
	if n == 8 {
		dh = 0 // hi is lo
	}
	if (dl+dh)*0x0101010101010101>>56 != 3 {
		return 0
	}
	if dh != 0 {
		return 8 + (bits.Len64(dh)+7)/8
	}
	return (bits.Len64(dl) + 7) / 8
}

// networkKeyOf is networkKey for any client.
func networkKeyOf(client []byte) []byte {
	n := len(client)
	if n < 7 || n > 64 {
		return client
	}
	if a, z := client[0], client[n-1]; a-'0' <= 9 && z-'0' <= 9 && bytes.Count(client, dot) == 3 {
		return client[:bytes.LastIndexByte(client, '.')+1] // IPv4, or very like one
	}
	if i := bytes.IndexByte(client, ':'); i >= 0 {
		// The prefix to the fourth colon, unless a "::" is in it (the
		// /64 is not a prefix of the text); the client if it has fewer.
		colons := 0
		for j := i; j < n; j++ {
			if client[j] == ':' {
				if j > i && client[j-1] == ':' {
					return client
				}
				if colons++; colons == 4 {
					return client[:j+1]
				}
			}
		}
		return client
	}
	if first := bytes.IndexByte(client, '.'); first > 0 && bytes.IndexByte(client[first+1:], '.') > 0 {
		return client[first:]
	}
	return client
}

// dotBytes returns the high bit of each byte of w that is a '.' (and no
// other bit).
func dotBytes(w uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	v := w ^ 0x2e2e2e2e2e2e2e2e
	return ^((v&low7 + low7) | v | low7)
}

var dot = []byte(".")

// NetworkName writes a Talkers.Networks key for people: 203.0.113.0/24,
// 2001:db8:1:2::/64, *.example.net, or the client as it is.
func NetworkName(key string) string {
	switch {
	case key == "":
		return key
	case key[len(key)-1] == '.':
		return key + "0/24"
	case key[len(key)-1] == ':':
		return key + ":/64"
	case key[0] == '.':
		return "*" + key
	}
	return key
}

// IsAPIPath reports whether a request path (without its query) looks like
// a call to an API rather than a page or a file: it starts with /api,
// /graphql, /rest/, /rpc/ or a version segment (/v1/, /v2/...), or names a
// .json document.
func IsAPIPath(path []byte) bool {
	if len(path) < 4 || path[0] != '/' {
		return false
	}
	p := path[1:]
	switch lower(p[0]) {
	case 'a':
		return hasPrefixLower(p, "api") && (len(p) == 3 || p[3] == '/' || p[3] == '.' || p[3] == '-' || p[3] == '_')
	case 'g':
		return hasPrefixLower(p, "graphql")
	case 'r':
		return hasPrefixLower(p, "rest/") || hasPrefixLower(p, "rpc/")
	case 'v':
		if p[1]-'0' <= 9 {
			i := 2
			for i < len(p) && p[i]-'0' <= 9 {
				i++
			}
			if i < len(p) && p[i] == '/' {
				return true
			}
		}
	}
	return lower(path[len(path)-1]) == 'n' && len(path) > 5 && equalLower(path[len(path)-5:], ".json")
}

func hasPrefixLower(b []byte, s string) bool {
	return len(b) >= len(s) && equalLower(b[:len(s)], s)
}

// isWrite reports whether a method changes something: POST, PUT, PATCH or
// DELETE.
func isWrite(method []byte) bool {
	switch string(method) {
	case "POST", "PUT", "PATCH", "DELETE":
		return true
	}
	return false
}
