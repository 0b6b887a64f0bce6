package render

import (
	"slices"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// grid is a terminal table's cells before go-pretty draws them, so that
// its column widths are known from the cells themselves.
type grid struct {
	header []string
	rows   [][]string
	right  []int        // 1-based columns aligned right
	wrap   []wrapColumn // columns fit may narrow
}

// wrapColumn is a table column that fit may narrow, down to min.
type wrapColumn struct{ number, min int }

func (g *grid) add(cells ...string) { g.rows = append(g.rows, cells) }

// style is the look of every terminal table: light box lines, upper-case
// headers, no lines between rows.
func style() table.Style {
	s := table.StyleLight
	s.Format.Header = text.FormatUpper
	s.Options.SeparateRows = false
	return s
}

// draw renders g with the wrap columns at most widths[i] wide (none when
// widths is nil).
func (g *grid) draw(widths []int) string {
	tb := table.NewWriter()
	tb.SetStyle(style())
	tb.AppendHeader(cellsRow(g.header))
	for _, r := range g.rows {
		tb.AppendRow(cellsRow(r))
	}
	var configs []table.ColumnConfig
	for _, n := range g.right {
		configs = append(configs, table.ColumnConfig{Number: n, Align: text.AlignRight})
	}
	for i, w := range g.wrap {
		if widths != nil {
			configs = append(configs, table.ColumnConfig{Number: w.number, WidthMax: widths[i], WidthMaxEnforcer: text.WrapSoft})
		}
	}
	tb.SetColumnConfigs(configs)
	return tb.Render()
}

func cellsRow(cells []string) table.Row {
	row := make(table.Row, len(cells))
	for i, c := range cells {
		row[i] = c
	}
	return row
}

// String renders g as wide as its cells make it.
func (g *grid) String() string { return g.draw(nil) }

// fit renders g at most width columns wide if it can, by narrowing the
// wrap columns; ok is false when even their minimum widths are too wide
// (out is then the narrowest rendering). The columns' widths come from the
// cells (a wrap column at most width wide); when the table is too wide,
// the widest wrap columns are lowered to a common level, none below its
// minimum, until it fits. One rendering in all.
func (g *grid) fit(width int) (out string, ok bool) {
	natural := g.columnWidths()
	widths := make([]int, len(g.wrap))
	fixed := frameWidth(len(natural))
	for c, w := range natural {
		if i := g.wrapIndex(c + 1); i >= 0 {
			widths[i] = min(w, width)
			continue
		}
		fixed += w
	}
	total := fixed
	for _, w := range widths {
		total += w
	}
	if over := total - width; over > 0 {
		widths = lowerWidest(widths, g.wrap, over)
	} else {
		for i := range widths {
			widths[i] = width // as wide as the table may be: wrap only what cannot fit
		}
	}
	total = fixed
	for i, w := range widths {
		total += min(w, natural[g.wrap[i].number-1])
	}
	return g.draw(widths), total <= width
}

func (g *grid) wrapIndex(number int) int {
	return slices.IndexFunc(g.wrap, func(w wrapColumn) bool { return w.number == number })
}

// columnWidths is each column's display width: its widest line of a cell
// or the header, as go-pretty measures them (escape sequences count for
// nothing).
func (g *grid) columnWidths() []int {
	var widths []int
	for _, row := range append([][]string{g.header}, g.rows...) {
		for c, cell := range row {
			if c >= len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], text.LongestLineLen(cell))
		}
	}
	return widths
}

// frameWidth is what a table of n columns adds to their widths: borders,
// column separators and padding.
func frameWidth(n int) int {
	s := style()
	w := n * text.StringWidthWithoutEscSequences(s.Box.PaddingLeft+s.Box.PaddingRight)
	if s.Options.SeparateColumns && n > 1 {
		w += (n - 1) * text.StringWidthWithoutEscSequences(s.Box.MiddleSeparator)
	}
	if s.Options.DrawBorder {
		w += text.StringWidthWithoutEscSequences(s.Box.Left + s.Box.Right)
	}
	return w
}

// lowerWidest returns widths with the widest lowered to the highest common
// level that takes away at least over columns in all, none below its
// minimum; every column at its minimum when even that is not enough.
func lowerWidest(widths []int, wrap []wrapColumn, over int) []int {
	at := func(level int) []int {
		out := make([]int, len(widths))
		for i, w := range widths {
			out[i] = min(w, max(level, wrap[i].min))
		}
		return out
	}
	if len(widths) == 0 {
		return widths
	}
	top := slices.Max(widths)
	for level := top - 1; level > 0; level-- {
		cut := 0
		for i, w := range at(level) {
			cut += widths[i] - w
		}
		if cut >= over {
			return at(level)
		}
	}
	return at(0)
}
