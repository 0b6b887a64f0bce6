package parser

// appendUnescaped appends v to dst with the escapes that Apache and nginx
// write into log fields decoded: \xHH (either case), \" \\ and the C-style
// \b \f \n \r \t \v, and nginx escape=json's \u00XX. An unknown or
// incomplete escape is kept as written.
func appendUnescaped(dst, v []byte) []byte {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			dst = append(dst, c)
			continue
		}
		switch e := v[i+1]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
			i++
		case 'b':
			dst = append(dst, '\b')
			i++
		case 'f':
			dst = append(dst, '\f')
			i++
		case 'n':
			dst = append(dst, '\n')
			i++
		case 'r':
			dst = append(dst, '\r')
			i++
		case 't':
			dst = append(dst, '\t')
			i++
		case 'v':
			dst = append(dst, '\v')
			i++
		case 'x':
			if i+3 < len(v) && isHex(v[i+2]) && isHex(v[i+3]) {
				dst = append(dst, unhex(v[i+2])<<4|unhex(v[i+3]))
				i += 3
			} else {
				dst = append(dst, c)
			}
		case 'u':
			if i+5 < len(v) && v[i+2] == '0' && v[i+3] == '0' && isHex(v[i+4]) && isHex(v[i+5]) {
				dst = append(dst, unhex(v[i+4])<<4|unhex(v[i+5]))
				i += 5
			} else {
				dst = append(dst, c)
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
