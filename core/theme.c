/*
 * theme.c: the theme model, colour reduction for small terminals, the
 * built-in default theme, the theme file reader and the search path.
 *
 * Theme files come from other people, so ydoc.h reads them strictly into
 * a tree, the way query files are read; the tree is then walked against
 * the known keys, roles and colours. Every complaint reads
 * "FILE:LINE:COL: message", 1-based.
 */
#include "config.h"
#include "theme.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "query_path.h"
#include "util.h"
#include "ydoc.h"

#ifndef CIB_PKGDATADIR
#define CIB_PKGDATADIR "/usr/local/share/cibscope"
#endif

/* ---- roles ----------------------------------------------------------- */

const char *const theme_role_names[THEME_NROLES] = {
#define ROLE(e, k, p) [THEME_##e] = k,
	THEME_ROLES
#undef ROLE
};

static const enum theme_role role_parents[THEME_NROLES] = {
#define ROLE(e, k, p) [THEME_##e] = THEME_##p,
	THEME_ROLES
#undef ROLE
};

int
theme_role_find(const char *name)
{
	size_t	i;

	for (i = 0; i < THEME_NROLES; i++) {
		if (strcmp(theme_role_names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

enum theme_role
theme_role_parent(enum theme_role r)
{
	return (size_t)r < THEME_NROLES ? role_parents[r] : THEME_TEXT;
}

/* ---- colours --------------------------------------------------------- */

static const char *const color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan",
	"white", "bright-black", "bright-red", "bright-green",
	"bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
	"bright-white"
};

/* xterm's default values for the 16 ANSI colours. */
static const uint8_t ansi_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 }
};

static const uint8_t cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

bool
theme_color_parse(const char *s, struct theme_color *c)
{
	size_t	len = strlen(s), i;
	int	v[6], n;

	memset(c, 0, sizeof *c);
	if (ascii_strcasecmp(s, "default") == 0) {
		c->kind = THEME_COLOR_DEFAULT;
		return true;
	}
	for (i = 0; i < nitems(color_names); i++) {
		if (ascii_strcasecmp(s, color_names[i]) == 0) {
			c->kind = THEME_COLOR_INDEX;
			c->index = (uint8_t)i;
			return true;
		}
	}
	if (len >= 1 && len <= 3 && strspn(s, "0123456789") == len) {
		n = atoi(s);
		if (n > 255)
			return false;
		c->kind = THEME_COLOR_INDEX;
		c->index = (uint8_t)n;
		return true;
	}
	if (s[0] == '#' && (len == 4 || len == 7)) {
		for (i = 1; i < len; i++) {
			if ((v[i - 1] = ascii_hexval((unsigned char)s[i])) < 0)
				return false;
		}
		c->kind = THEME_COLOR_RGB;
		if (len == 4) {
			c->r = (uint8_t)(v[0] * 17);
			c->g = (uint8_t)(v[1] * 17);
			c->b = (uint8_t)(v[2] * 17);
		} else {
			c->r = (uint8_t)(v[0] * 16 + v[1]);
			c->g = (uint8_t)(v[2] * 16 + v[3]);
			c->b = (uint8_t)(v[4] * 16 + v[5]);
		}
		return true;
	}
	return false;
}

void
theme_color_format(struct theme_color c, char *out, size_t outlen)
{
	switch (c.kind) {
	case THEME_COLOR_UNSET:
		snprintf(out, outlen, "unset");
		break;
	case THEME_COLOR_DEFAULT:
		snprintf(out, outlen, "default");
		break;
	case THEME_COLOR_INDEX:
		if (c.index < 16)
			snprintf(out, outlen, "%s", color_names[c.index]);
		else
			snprintf(out, outlen, "%u", (unsigned)c.index);
		break;
	case THEME_COLOR_RGB:
		snprintf(out, outlen, "#%02x%02x%02x", (unsigned)c.r,
		    (unsigned)c.g, (unsigned)c.b);
		break;
	}
}

/* The RGB value xterm gives index i. */
static void
index_rgb(int i, int rgb[3])
{
	int	k;

	if (i < 16) {
		for (k = 0; k < 3; k++)
			rgb[k] = ansi_rgb[i][k];
	} else if (i < 232) {
		i -= 16;
		rgb[0] = cube_levels[i / 36];
		rgb[1] = cube_levels[(i / 6) % 6];
		rgb[2] = cube_levels[i % 6];
	} else
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (i - 232);
}

static int
dist2(const int a[3], const int b[3])
{
	int	d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];

	return d0 * d0 + d1 * d1 + d2 * d2;
}

/* The cube level nearest v, as an index 0-5. */
static int
cube_step(int v)
{
	if (v < 48)
		return 0;
	if (v < 115)
		return 1;
	return (v - 35) / 40;
}

static int
rgb_to_256(const int rgb[3])
{
	int	r = cube_step(rgb[0]), g = cube_step(rgb[1]);
	int	b = cube_step(rgb[2]), cube[3], grey[3], avg, gi;

	cube[0] = cube_levels[r];
	cube[1] = cube_levels[g];
	cube[2] = cube_levels[b];
	avg = (rgb[0] + rgb[1] + rgb[2]) / 3;
	gi = avg > 238 ? 23 : avg < 8 ? 0 : (avg - 3) / 10;
	grey[0] = grey[1] = grey[2] = 8 + 10 * gi;
	if (dist2(grey, rgb) < dist2(cube, rgb))
		return 232 + gi;
	return 16 + 36 * r + 6 * g + b;
}

/*
 * The nearest of the first n ANSI colours. A grey goes to black or white
 * (or, of 16, the greys between): in RGB distance a mid grey is nearer
 * yellow than white, which would tint every dim text.
 */
static int
rgb_to_ansi(const int rgb[3], int n)
{
	int	i, best = 0, d, bestd = INT_MAX, c[3], lo, hi;

	lo = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
	lo = lo < rgb[2] ? lo : rgb[2];
	hi = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
	hi = hi > rgb[2] ? hi : rgb[2];
	if (hi - lo < 24) {
		if (n < 16)
			return (rgb[0] + rgb[1] + rgb[2]) / 3 < 64 ? 0 : 7;
		for (i = 0; i < 16; i++) {
			if (i != 0 && i != 7 && i != 8 && i != 15)
				continue;
			index_rgb(i, c);
			if ((d = dist2(c, rgb)) < bestd) {
				bestd = d;
				best = i;
			}
		}
		return best;
	}
	for (i = 0; i < n; i++) {
		index_rgb(i, c);
		if ((d = dist2(c, rgb)) < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

static void
color_rgb(struct theme_color c, int rgb[3])
{
	if (c.kind == THEME_COLOR_RGB) {
		rgb[0] = c.r;
		rgb[1] = c.g;
		rgb[2] = c.b;
	} else
		index_rgb(c.index, rgb);
}

int
theme_color_256(struct theme_color c)
{
	int	rgb[3];

	if (c.kind == THEME_COLOR_INDEX)
		return c.index;
	if (c.kind != THEME_COLOR_RGB)
		return -1;
	color_rgb(c, rgb);
	return rgb_to_256(rgb);
}

int
theme_color_16(struct theme_color c)
{
	int	rgb[3];

	if (c.kind == THEME_COLOR_INDEX && c.index < 16)
		return c.index;
	if (c.kind != THEME_COLOR_RGB && c.kind != THEME_COLOR_INDEX)
		return -1;
	color_rgb(c, rgb);
	return rgb_to_ansi(rgb, 16);
}

int
theme_color_8(struct theme_color c)
{
	int	rgb[3];

	if (c.kind == THEME_COLOR_INDEX && c.index < 8)
		return c.index;
	if (c.kind != THEME_COLOR_RGB && c.kind != THEME_COLOR_INDEX)
		return -1;
	color_rgb(c, rgb);
	return rgb_to_ansi(rgb, 8);
}

static bool
color_same(struct theme_color a, struct theme_color b)
{
	if (a.kind != b.kind)
		return false;
	if (a.kind == THEME_COLOR_INDEX)
		return a.index == b.index;
	if (a.kind == THEME_COLOR_RGB)
		return a.r == b.r && a.g == b.g && a.b == b.b;
	return true;
}

void
theme_render(const struct theme *t, enum theme_role role, int ncolors,
    struct theme_render *out)
{
	const struct theme_style	*s;
	int				(*reduce)(struct theme_color);
	int				 rgb[3];

	if ((size_t)role >= THEME_NROLES)
		role = THEME_TEXT;
	s = &t->roles[role];
	if (ncolors < 8) {
		out->fg = out->bg = -1;
		out->attrs = s->mono;
		return;
	}
	reduce = ncolors >= 256 ? theme_color_256 : ncolors >= 16 ?
	    theme_color_16 : theme_color_8;
	out->fg = reduce(s->fg);
	out->bg = reduce(s->bg);
	out->attrs = s->attrs;
	/* Two colours the theme kept apart must not merge on this terminal. */
	if (out->fg == out->bg && out->fg != -1 && !color_same(s->fg, s->bg)) {
		index_rgb(out->bg, rgb);
		if (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114 > 128000)
			out->fg = 0;
		else
			out->fg = ncolors >= 16 ? 15 : 7;
	}
}

bool
theme_no_color(void)
{
	const char	*s = getenv("NO_COLOR");

	return s != NULL && *s != '\0';
}

/* ---- the built-in default ---------------------------------------------- */

/*
 * The compiled-in dark theme. It matches themes/default.yaml (a test
 * holds them together) and gives every role its monochrome attributes,
 * which files that say nothing about monochrome inherit. fg or bg NULL
 * means inherit from the parent role.
 */
static const struct {
	enum theme_role	 role;
	const char	*fg, *bg;
	unsigned	 attrs, mono;
} builtin_roles[THEME_NROLES] = {
	{ THEME_TEXT, "default", "default", 0, 0 },
	{ THEME_TITLE, "#5fafff", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_BREADCRUMB, NULL, NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_HEADER, "#d0d0d0", NULL, THEME_BOLD,
	    THEME_BOLD | THEME_UNDERLINE },
	{ THEME_SELECTED, "#ffffff", "#005f87", 0, THEME_REVERSE },
	{ THEME_SELECTED_INACTIVE, NULL, "#3a3a3a", 0, THEME_UNDERLINE },
	{ THEME_CURSOR, NULL, NULL, THEME_BOLD, THEME_REVERSE | THEME_BOLD },
	{ THEME_MARKED, "#ffd75f", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_DIM, "#808080", NULL, 0, THEME_DIM },
	{ THEME_HUB, "#ff875f", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_EVIDENCE, "#87d7af", NULL, 0, THEME_UNDERLINE },
	{ THEME_MATCH, "#000000", "#ffd75f", 0, THEME_BOLD | THEME_UNDERLINE },
	{ THEME_LABEL_SUSPECTED, "#ffaf00", NULL, 0, 0 },
	{ THEME_LABEL_CIB, "#ff5f5f", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_LABEL_NOT_CIB, "#87afff", NULL, 0, 0 },
	{ THEME_LABEL_CLEARED, "#87d787", NULL, 0, THEME_DIM },
	{ THEME_STATUS, "#d0d0d0", "#303030", 0, THEME_REVERSE },
	{ THEME_MESSAGE, "#87d7af", NULL, 0, THEME_REVERSE },
	{ THEME_ERROR, "#ff5f5f", NULL, THEME_BOLD,
	    THEME_REVERSE | THEME_BOLD },
	{ THEME_PROMPT, "#ffffff", NULL, 0, THEME_BOLD },
	{ THEME_BORDER, "#585858", NULL, 0, 0 },
	{ THEME_BAR, "#5fafff", NULL, 0, 0 },
	{ THEME_BURST, "#ff5f5f", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_HEAT0, "#444444", NULL, 0, THEME_DIM },
	{ THEME_HEAT1, "#005f5f", NULL, 0, 0 },
	{ THEME_HEAT2, "#008787", NULL, 0, 0 },
	{ THEME_HEAT3, "#87af00", NULL, 0, THEME_BOLD },
	{ THEME_HEAT4, "#ffd700", NULL, THEME_BOLD, THEME_BOLD },
	{ THEME_HELP_KEY, NULL, NULL, THEME_BOLD, THEME_BOLD },
};

/* A role as a file (or the table above) gives it, before inheritance. */
struct raw_style {
	struct theme_color	fg, bg;
	unsigned		attrs, attrs_set;
	unsigned		mono;
	bool			mono_set;
};

static unsigned
builtin_mono(enum theme_role r)
{
	size_t	i;

	for (i = 0; i < nitems(builtin_roles); i++) {
		if (builtin_roles[i].role == r)
			return builtin_roles[i].mono;
	}
	return 0;
}

/* Fill t->roles from raw[], parents first (THEME_ROLES guarantees it). */
static void
theme_resolve(struct theme *t, const struct raw_style *raw)
{
	const struct theme_style	*p;
	struct theme_style		*s;
	size_t				 i;

	for (i = 0; i < THEME_NROLES; i++) {
		s = &t->roles[i];
		p = i == THEME_TEXT ? NULL : &t->roles[role_parents[i]];
		s->fg = raw[i].fg;
		if (s->fg.kind == THEME_COLOR_UNSET)
			s->fg = p != NULL ? p->fg : (struct theme_color){
			    .kind = THEME_COLOR_DEFAULT };
		s->bg = raw[i].bg;
		if (s->bg.kind == THEME_COLOR_UNSET)
			s->bg = p != NULL ? p->bg : (struct theme_color){
			    .kind = THEME_COLOR_DEFAULT };
		s->attrs = (raw[i].attrs & raw[i].attrs_set) |
		    (p != NULL ? p->attrs & ~raw[i].attrs_set : 0);
		s->mono = raw[i].mono_set ? raw[i].mono :
		    builtin_mono((enum theme_role)i);
	}
}

struct theme *
theme_builtin_default(void)
{
	struct raw_style	 raw[THEME_NROLES];
	struct theme		*t;
	size_t			 i;
	enum theme_role		 r;

	memset(raw, 0, sizeof raw);
	for (i = 0; i < nitems(builtin_roles); i++) {
		r = builtin_roles[i].role;
		if (builtin_roles[i].fg != NULL)
			theme_color_parse(builtin_roles[i].fg, &raw[r].fg);
		if (builtin_roles[i].bg != NULL)
			theme_color_parse(builtin_roles[i].bg, &raw[r].bg);
		raw[r].attrs = builtin_roles[i].attrs;
		raw[r].attrs_set = THEME_ATTRS;
		raw[r].mono = builtin_roles[i].mono;
		raw[r].mono_set = true;
	}
	t = xcalloc(1, sizeof *t);
	t->name = xstrdup("default");
	t->description = xstrdup("Dark background, the built-in theme");
	theme_resolve(t, raw);
	return t;
}

void
theme_free(struct theme *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->npalette; i++)
		free(t->palette[i].name);
	free(t->palette);
	free(t->name);
	free(t->description);
	free(t->file);
	free(t);
}

/* ---- the tree as a theme --------------------------------------------- */

static const struct ydoc_rules theme_rules = {
	.kind = "theme",
	.expect = "a mapping with roles:",
	.max_bytes = THEME_MAX_FILE,
	.max_depth = THEME_MAX_DEPTH,
};

struct tload {
	struct ydoc		*doc;
	struct theme		*t;
	struct raw_style	 raw[THEME_NROLES];
};

static int CIB_PRINTF(3, 4)
terr(struct tload *tl, struct ydoc_pos pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ydoc_verror(tl->doc, pos, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *const top_keys[] = {
	"cibscope", "name", "description", "palette", "roles"
};
static const char *const style_keys[] = {
	"fg", "bg", "bold", "underline", "reverse", "dim", "mono"
};
static const char *const attr_names[] = {
	"bold", "underline", "reverse", "dim", "none"
};
static const unsigned attr_bits[] = {
	THEME_BOLD, THEME_UNDERLINE, THEME_REVERSE, THEME_DIM, 0
};

static int
tscalar(struct tload *tl, const struct ydoc_node *n, const char *what)
{
	if (n->type != YDOC_SCALAR)
		return terr(tl, n->pos, "%s must be a single value, not %s",
		    what, n->type == YDOC_MAP ? "a mapping" : "a list");
	return 0;
}

static bool
palette_name_ok(const char *s)
{
	size_t	i;

	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_') || i >= 32)
			return false;
	}
	return true;
}

static const struct theme_palette_entry *
palette_find(const struct theme *t, const char *name)
{
	size_t	i;

	for (i = 0; i < t->npalette; i++) {
		if (strcmp(t->palette[i].name, name) == 0)
			return &t->palette[i];
	}
	return NULL;
}

/* A colour value; in_palette refuses "$" references. */
static int
tcolor(struct tload *tl, const struct ydoc_node *n, const char *what,
    bool in_palette, struct theme_color *c)
{
	const struct theme_palette_entry	*pe;
	const char				**names;
	const char				*near;
	size_t					 i;
	int					 rc;

	if (tscalar(tl, n, what) != 0)
		return -1;
	if (ydoc_is_null(n))
		return terr(tl, n->pos, "%s has no colour; a #rrggbb colour "
		    "must be quoted (\"#ff0000\"): unquoted, # starts a "
		    "comment", what);
	if (n->value[0] == '$') {
		if (in_palette)
			return terr(tl, n->pos, "palette colours cannot refer "
			    "to other palette colours (\"%s\")", n->value);
		if ((pe = palette_find(tl->t, n->value + 1)) != NULL) {
			*c = pe->color;
			return 0;
		}
		names = xreallocarray(NULL, tl->t->npalette + 1,
		    sizeof *names);
		for (i = 0; i < tl->t->npalette; i++)
			names[i] = tl->t->palette[i].name;
		near = ydoc_nearest(n->value + 1, names, tl->t->npalette);
		free(names);
		if (near != NULL)
			return terr(tl, n->pos, "unknown palette colour "
			    "\"%s\"; did you mean \"$%s\"?", n->value, near);
		return terr(tl, n->pos, "unknown palette colour \"%s\"%s",
		    n->value, tl->t->npalette == 0 ? " (the theme has no "
		    "palette:)" : "");
	}
	if (theme_color_parse(n->value, c))
		return 0;
	if (!in_palette && palette_find(tl->t, n->value) != NULL)
		return terr(tl, n->pos, "bad colour \"%s\"; palette colours "
		    "are written with a $: did you mean \"$%s\"?", n->value,
		    n->value);
	if (strspn(n->value, "0123456789") == strlen(n->value))
		return terr(tl, n->pos, "colour index %s is out of range "
		    "0-255", n->value);
	if ((near = ydoc_nearest(n->value, color_names,
	    nitems(color_names))) != NULL)
		return terr(tl, n->pos, "bad colour \"%s\"; did you mean "
		    "\"%s\"?", n->value, near);
	rc = terr(tl, n->pos, "bad colour \"%s\"; expected default, a name "
	    "(red, bright-red, ...), 0-255, \"#rrggbb\"%s", n->value,
	    in_palette ? "" : " or $palette-name");
	return rc;
}

static int
tbool(struct tload *tl, const struct ydoc_node *n, const char *what, bool *v)
{
	if (tscalar(tl, n, what) != 0)
		return -1;
	if (strcmp(n->value, "true") == 0 || strcmp(n->value, "yes") == 0) {
		*v = true;
		return 0;
	}
	if (strcmp(n->value, "false") == 0 || strcmp(n->value, "no") == 0) {
		*v = false;
		return 0;
	}
	return terr(tl, n->pos, "%s must be true or false, not \"%s\"", what,
	    n->value);
}

static int
tattr_word(struct tload *tl, const struct ydoc_node *n, unsigned *bits)
{
	size_t	i;

	if (tscalar(tl, n, "a mono attribute") != 0)
		return -1;
	for (i = 0; i < nitems(attr_names); i++) {
		if (strcmp(n->value, attr_names[i]) == 0) {
			*bits |= attr_bits[i];
			return 0;
		}
	}
	return ydoc_unknown(tl->doc, n->pos, "attribute", n->value, attr_names,
	    nitems(attr_names));
}

/* mono: bold | [bold, underline] | none | [] */
static int
tmono(struct tload *tl, const struct ydoc_node *n, unsigned *bits)
{
	size_t	i;

	*bits = 0;
	if (n->type == YDOC_MAP)
		return terr(tl, n->pos, "mono is an attribute or a list of "
		    "them (bold, underline, reverse, dim), not a mapping");
	if (n->type == YDOC_SCALAR)
		return tattr_word(tl, n, bits);
	for (i = 0; i < n->nkids; i++) {
		if (tattr_word(tl, n->kids[i], bits) != 0)
			return -1;
	}
	return 0;
}

static int
trole(struct tload *tl, const struct ydoc_node *key,
    const struct ydoc_node *val)
{
	struct raw_style	*rs;
	const struct ydoc_node	*k, *v;
	char			 what[64];
	size_t			 i, j;
	bool			 on = false;
	int			 r;

	if ((r = theme_role_find(key->value)) < 0)
		return ydoc_unknown(tl->doc, key->pos, "role", key->value,
		    theme_role_names, THEME_NROLES);
	rs = &tl->raw[r];
	if (val->type == YDOC_SCALAR) {
		snprintf(what, sizeof what, "%s", key->value);
		return tcolor(tl, val, what, false, &rs->fg);
	}
	if (val->type != YDOC_MAP)
		return terr(tl, val->pos, "role \"%s\" must be a colour or a "
		    "mapping of fg, bg, bold, ...; not a list", key->value);
	for (i = 0; i + 1 < val->nkids; i += 2) {
		k = val->kids[i];
		v = val->kids[i + 1];
		snprintf(what, sizeof what, "%s.%s", key->value, k->value);
		if (strcmp(k->value, "fg") == 0) {
			if (tcolor(tl, v, what, false, &rs->fg) != 0)
				return -1;
		} else if (strcmp(k->value, "bg") == 0) {
			if (tcolor(tl, v, what, false, &rs->bg) != 0)
				return -1;
		} else if (strcmp(k->value, "mono") == 0) {
			if (tmono(tl, v, &rs->mono) != 0)
				return -1;
			rs->mono_set = true;
		} else {
			for (j = 0; j < 4; j++) {
				if (strcmp(k->value, attr_names[j]) == 0)
					break;
			}
			if (j == 4)
				return ydoc_unknown(tl->doc, k->pos, "key",
				    k->value, style_keys, nitems(style_keys));
			if (tbool(tl, v, what, &on) != 0)
				return -1;
			rs->attrs_set |= attr_bits[j];
			if (on)
				rs->attrs |= attr_bits[j];
			else
				rs->attrs &= ~attr_bits[j];
		}
	}
	return 0;
}

static int
tpalette(struct tload *tl, const struct ydoc_node *m)
{
	struct theme_palette_entry	*pe;
	const struct ydoc_node		*k;
	char				 what[64];
	size_t				 i;

	if (ydoc_is_null(m))
		return 0;
	if (m->type != YDOC_MAP)
		return terr(tl, m->pos, "palette must be a mapping of names "
		    "to colours");
	for (i = 0; i + 1 < m->nkids; i += 2) {
		k = m->kids[i];
		if (!palette_name_ok(k->value))
			return terr(tl, k->pos, "bad palette name \"%s\"; "
			    "names are [a-z][a-z0-9_-]*, up to 32 bytes",
			    k->value);
		tl->t->palette = xreallocarray(tl->t->palette,
		    tl->t->npalette + 1, sizeof *tl->t->palette);
		pe = &tl->t->palette[tl->t->npalette];
		snprintf(what, sizeof what, "palette.%s", k->value);
		if (tcolor(tl, m->kids[i + 1], what, true, &pe->color) != 0)
			return -1;
		pe->name = xstrdup(k->value);
		tl->t->npalette++;
	}
	return 0;
}

static bool
word_in(const char *s, const char *const *words, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(s, words[i]) == 0)
			return true;
	}
	return false;
}

static int
theme_from_tree(struct tload *tl, const struct ydoc_node *root,
    const char *name)
{
	const struct ydoc_node	*k, *v;
	size_t			 i;

	if (root->type != YDOC_MAP)
		return terr(tl, root->pos, "a theme file is a mapping (name:, "
		    "description:, palette:, roles:), not %s",
		    root->type == YDOC_LIST ? "a list" : "a single value");
	for (i = 0; i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		if (word_in(k->value, top_keys, nitems(top_keys)))
			continue;
		if (theme_role_find(k->value) >= 0)
			return terr(tl, k->pos, "unknown key \"%s\"; roles go "
			    "under roles:", k->value);
		return ydoc_unknown(tl->doc, k->pos, "key", k->value, top_keys,
		    nitems(top_keys));
	}
	if ((v = ydoc_get(root, "cibscope")) != NULL) {
		if (tscalar(tl, v, "cibscope") != 0)
			return -1;
		if (strcmp(v->value, "1") != 0)
			return terr(tl, v->pos, "unsupported theme format "
			    "\"%s\"; this cibscope reads cibscope: 1",
			    v->value);
	}
	if ((v = ydoc_get(root, "name")) != NULL) {
		if (tscalar(tl, v, "name") != 0)
			return -1;
		if (strcmp(v->value, name) != 0)
			return terr(tl, v->pos, "name \"%s\" does not match "
			    "the file name \"%s\"; themes are found by file "
			    "name", v->value, name);
	}
	if ((v = ydoc_get(root, "description")) != NULL && !ydoc_is_null(v)) {
		if (tscalar(tl, v, "description") != 0)
			return -1;
		tl->t->description = xstrdup(v->value);
	}
	if ((v = ydoc_get(root, "palette")) != NULL &&
	    tpalette(tl, v) != 0)
		return -1;
	if ((v = ydoc_get(root, "roles")) == NULL)
		return terr(tl, root->pos, "the theme has no roles: mapping");
	if (ydoc_is_null(v))
		return 0;
	if (v->type != YDOC_MAP)
		return terr(tl, v->pos, "roles must be a mapping of role names "
		    "to styles");
	for (i = 0; i + 1 < v->nkids; i += 2) {
		if (trole(tl, v->kids[i], v->kids[i + 1]) != 0)
			return -1;
	}
	return 0;
}

/* The file name of path without directory and .yaml / .yml. */
static char *
path_stem(const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 len;

	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
		len -= 5;
	else if (len > 4 && strcmp(base + len - 4, ".yml") == 0)
		len -= 4;
	return xstrndup(base, len);
}

struct theme *
theme_load_string(const char *text, size_t len, const char *file,
    const char *name, char **cause)
{
	struct tload	 tl;
	char		*stem;
	int		 rc;

	memset(&tl, 0, sizeof tl);
	tl.doc = ydoc_read(text, len, file != NULL ? file : "(theme)",
	    &theme_rules, cause);
	if (tl.doc == NULL)
		return NULL;
	stem = name != NULL ? xstrdup(name) : path_stem(tl.doc->file);
	tl.t = xcalloc(1, sizeof *tl.t);
	rc = theme_from_tree(&tl, tl.doc->root, stem);
	if (rc != 0) {
		free(stem);
		theme_free(tl.t);
		ydoc_free(tl.doc);
		return NULL;
	}
	tl.t->name = stem;
	tl.t->file = xstrdup(tl.doc->file);
	ydoc_free(tl.doc);
	theme_resolve(tl.t, tl.raw);
	return tl.t;
}

struct theme *
theme_load_file(const char *path, char **cause)
{
	struct theme	*t;
	char		*text;
	size_t		 len;

	if ((text = ydoc_slurp(path, &theme_rules, &len, cause)) == NULL)
		return NULL;
	t = theme_load_string(text, len, path, NULL, cause);
	free(text);
	return t;
}

/* ---- the search path ------------------------------------------------- */

const char *const theme_origin_names[] = {
	[THEME_BUILTIN] = "built-in",
	[THEME_SHIPPED] = "shipped",
	[THEME_USER] = "user",
	[THEME_ENV] = "CIBSCOPE_THEME_PATH",
};

struct theme_dir {
	char			*path;
	enum theme_origin	 origin;
};

static void
dir_add(struct theme_dir **dirs, size_t *n, char *path,
    enum theme_origin origin)
{
	*dirs = xreallocarray(*dirs, *n + 1, sizeof **dirs);
	(*dirs)[*n].path = path;
	(*dirs)[*n].origin = origin;
	(*n)++;
}

/* The directories of the search path, earliest first. */
static struct theme_dir *
theme_dirs(size_t *ndirs)
{
	struct theme_dir	*dirs = NULL;
	const char		*env, *p, *colon;
	size_t			 n = 0;

	dir_add(&dirs, &n, xasprintf("%s/themes", CIB_PKGDATADIR),
	    THEME_SHIPPED);
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && env[0] == '/')
		dir_add(&dirs, &n, xasprintf("%s/cibscope/themes", env),
		    THEME_USER);
	else if ((env = getenv("HOME")) != NULL && *env != '\0')
		dir_add(&dirs, &n, xasprintf("%s/.config/cibscope/themes",
		    env), THEME_USER);
	if ((env = getenv("CIBSCOPE_THEME_PATH")) != NULL) {
		for (p = env; *p != '\0'; p = *colon == '\0' ? colon :
		    colon + 1) {
			if ((colon = strchr(p, ':')) == NULL)
				colon = p + strlen(p);
			if (colon > p)
				dir_add(&dirs, &n, xstrndup(p,
				    (size_t)(colon - p)), THEME_ENV);
		}
	}
	*ndirs = n;
	return dirs;
}

static void
theme_dirs_free(struct theme_dir *dirs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(dirs[i].path);
	free(dirs);
}

/* Scan a directory; a missing one is empty, quietly. */
static void
dir_scan(const char *dir, struct query_files *f)
{
	struct stat	st;

	memset(f, 0, sizeof *f);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if (query_files_scan(dir, f, NULL) != 0)
		memset(f, 0, sizeof *f);
}

static bool
theme_name_ok(const char *s)
{
	size_t	i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (i >= 64 || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_'))
			return false;
	}
	return true;
}

static bool
is_yml(const char *path)
{
	size_t	len = strlen(path);

	return len > 4 && strcmp(path + len - 4, ".yml") == 0;
}

struct theme *
theme_load_name(const char *name, char **cause)
{
	struct theme_dir	*dirs;
	struct query_files	 f;
	struct theme		*t;
	char			*file = NULL, *stem;
	size_t			 ndirs, i, j;

	if (!theme_name_ok(name)) {
		set_cause(cause, "%s: not a theme name", name);
		return NULL;
	}
	dirs = theme_dirs(&ndirs);
	for (i = ndirs; i > 0 && file == NULL; i--) {
		dir_scan(dirs[i - 1].path, &f);
		/* Sorted, so NAME.yaml comes before NAME.yml and wins. */
		for (j = 0; j < f.nfiles && file == NULL; j++) {
			stem = path_stem(f.files[j]);
			if (strcmp(stem, name) == 0)
				file = xstrdup(f.files[j]);
			free(stem);
		}
		query_files_free(&f);
	}
	theme_dirs_free(dirs, ndirs);
	if (file == NULL) {
		if (strcmp(name, "default") == 0)
			return theme_builtin_default();
		set_cause(cause, "%s: no such theme (try cibscope themes)",
		    name);
		return NULL;
	}
	t = theme_load_file(file, cause);
	free(file);
	return t;
}

struct theme *
theme_load_fallback(const char *name, char **cause)
{
	struct theme	*t;

	if ((t = theme_load_name(name, cause)) == NULL)
		t = theme_builtin_default();
	return t;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct theme_entry	*ea = a, *eb = b;

	return strcmp(ea->name, eb->name);
}

struct theme_list *
theme_list(void)
{
	struct theme_list	*l = xcalloc(1, sizeof *l);
	struct theme_dir	*dirs;
	struct theme_entry	*e;
	struct query_files	 f;
	struct theme		*t;
	size_t			 ndirs, i, j, k, n;
	size_t			*order;
	struct theme_entry	*sorted;

	l->entries = xcalloc(1, sizeof *l->entries);
	e = &l->entries[l->nentries++];
	e->name = xstrdup("default");
	e->origin = THEME_BUILTIN;
	e->description = xstrdup("Dark background, the built-in theme");

	dirs = theme_dirs(&ndirs);
	for (i = 0; i < ndirs; i++) {
		dir_scan(dirs[i].path, &f);
		/* In one directory, NAME.yml loses to NAME.yaml: put it
		 * first so the winner of a name comes last. */
		for (k = 0; k < 2; k++) {
			for (j = 0; j < f.nfiles; j++) {
				if (is_yml(f.files[j]) != (k == 0))
					continue;
				l->entries = xreallocarray(l->entries,
				    l->nentries + 1, sizeof *l->entries);
				e = &l->entries[l->nentries++];
				memset(e, 0, sizeof *e);
				e->name = path_stem(f.files[j]);
				e->file = xstrdup(f.files[j]);
				e->origin = dirs[i].origin;
				e->error = NULL;
				if ((t = theme_load_file(e->file,
				    &e->error)) != NULL) {
					if (t->description != NULL)
						e->description = xstrdup(
						    t->description);
					theme_free(t);
				}
			}
		}
		for (j = 0; j < f.nwarnings; j++) {
			l->warnings = xreallocarray(l->warnings,
			    l->nwarnings + 1, sizeof *l->warnings);
			l->warnings[l->nwarnings++] = xstrdup(f.warnings[j]);
		}
		query_files_free(&f);
	}
	theme_dirs_free(dirs, ndirs);

	/* A stable sort by name keeps search order within a name. */
	n = l->nentries;
	order = xreallocarray(NULL, n, sizeof *order);
	sorted = xreallocarray(NULL, n, sizeof *sorted);
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && entry_cmp(&l->entries[order[j - 1]],
		    &l->entries[order[j]]) > 0; j--) {
			k = order[j];
			order[j] = order[j - 1];
			order[j - 1] = k;
		}
	}
	for (i = 0; i < n; i++)
		sorted[i] = l->entries[order[i]];
	free(order);
	free(l->entries);
	l->entries = sorted;
	for (i = 0; i + 1 < n; i++) {
		if (strcmp(l->entries[i].name, l->entries[i + 1].name) == 0)
			l->entries[i].overridden = true;
	}
	return l;
}

void
theme_list_free(struct theme_list *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nentries; i++) {
		free(l->entries[i].name);
		free(l->entries[i].file);
		free(l->entries[i].description);
		free(l->entries[i].error);
	}
	free(l->entries);
	for (i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free(l);
}
