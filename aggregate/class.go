package aggregate

// Class is an HTTP status class: 1xx to 5xx, or Other for every status
// outside 100–599 (nginx's 000 and 009, "-" for no status, 999...).
type Class uint8

// The classes in report order.
const (
	Class1xx Class = iota
	Class2xx
	Class3xx
	Class4xx
	Class5xx
	ClassOther
	NumClasses
)

var classNames = [NumClasses]string{"1xx", "2xx", "3xx", "4xx", "5xx", "other"}

// String returns "1xx".."5xx" or "other".
func (c Class) String() string {
	if c >= NumClasses {
		return "other"
	}
	return classNames[c]
}

// ClassOf returns the class of a status code as parsed by the parser
// package (parser.StatusNone for "-", 0 for "000").
func ClassOf(code int) Class {
	if code < 100 || code > 599 {
		return ClassOther
	}
	return Class(code/100 - 1)
}

// ParseClass is the inverse of Class.String; ok is false for an unknown name.
func ParseClass(s string) (Class, bool) {
	for i, n := range classNames {
		if n == s {
			return Class(i), true
		}
	}
	return 0, false
}
