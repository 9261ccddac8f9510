/*
 * fuzz_theme.c: a theme file from someone else, loaded and rendered for
 * every kind of terminal; and one colour word parsed and written back.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "theme.h"

static void
check_render(const struct theme *t, enum theme_role r, int ncolors)
{
	struct theme_render	out;

	theme_render(t, r, ncolors, &out);
	if (out.fg < -1 || out.bg < -1 ||
	    (ncolors >= 8 && (out.fg >= ncolors || out.bg >= ncolors)) ||
	    (ncolors < 8 && (out.fg != -1 || out.bg != -1)) ||
	    (out.attrs & ~THEME_ATTRS) != 0)
		fuzz_fail("theme_render(%s, %d): fg %d bg %d attrs %#x",
		    theme_role_names[r], ncolors, out.fg, out.bg, out.attrs);
}

static void
check_color_word(const uint8_t *data, size_t size)
{
	struct theme_color	c, again;
	char			word[64], text[32];

	if (size >= sizeof word)
		size = sizeof word - 1;
	memcpy(word, data, size);
	word[size] = '\0';
	if (!theme_color_parse(word, &c))
		return;
	theme_color_format(c, text, sizeof text);
	if (!theme_color_parse(text, &again) || again.kind != c.kind ||
	    theme_color_256(again) != theme_color_256(c))
		fuzz_fail("colour \"%s\" written as \"%s\" reads back "
		    "differently", word, text);
	theme_color_16(c);
	theme_color_8(c);
}

void
fuzz_theme(const uint8_t *data, size_t size)
{
	static const int	 ncolors[] = { 0, 2, 8, 16, 88, 256 };
	struct theme		*t;
	char			*cause = NULL;
	size_t			 r, i;

	check_color_word(data, size);
	t = theme_load_string((const char *)data, size, "fuzz.yaml", NULL,
	    &cause);
	if (t == NULL) {
		if (cause == NULL)
			fuzz_fail("theme_load_string failed without a cause");
		free(cause);
		return;
	}
	for (r = 0; r < THEME_NROLES; r++)
		for (i = 0; i < nitems(ncolors); i++)
			check_render(t, (enum theme_role)r, ncolors[i]);
	theme_free(t);
}
