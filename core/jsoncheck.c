/*
 * jsoncheck.c: an RFC 8259 syntax check without a parse tree: one pass,
 * an explicit stack of open objects and arrays, no allocation.
 */
#include "config.h"
#include "jsoncheck.h"

#include <string.h>

#include "util.h"

struct jc {
	const char	*s, *p, *end;
	const char	*what;
};

static bool
fault(struct jc *j, const char *what)
{
	j->what = what;
	return false;
}

static void
skip_ws(struct jc *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* At the opening quote. */
static bool
string(struct jc *j)
{
	int	i;

	for (j->p++; j->p < j->end; ) {
		unsigned char c = (unsigned char)*j->p;

		if (c == '"') {
			j->p++;
			return true;
		}
		if (c < 0x20)
			return fault(j, "a control character inside a string");
		if (c != '\\') {
			j->p++;
			continue;
		}
		if (++j->p == j->end)
			break;
		if (strchr("\"\\/bfnrt", *j->p) != NULL && *j->p != '\0') {
			j->p++;
			continue;
		}
		if (*j->p != 'u')
			return fault(j, "an unknown escape in a string");
		for (i = 1; i <= 4; i++) {
			if (j->p + i >= j->end || !ascii_isxdigit(j->p[i])) {
				j->p += i;
				return fault(j, "\\u needs four hex digits");
			}
		}
		j->p += 5;
	}
	return fault(j, "a string without its closing quote");
}

static bool
digits(struct jc *j, const char *what)
{
	if (j->p == j->end || !ascii_isdigit(*j->p))
		return fault(j, what);
	while (j->p < j->end && ascii_isdigit(*j->p))
		j->p++;
	return true;
}

static bool
number(struct jc *j)
{
	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!digits(j, "a number needs a digit"))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!digits(j, "a digit must follow the decimal point"))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!digits(j, "an exponent needs a digit"))
			return false;
	}
	return true;
}

static bool
word(struct jc *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t	i, n;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		n = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= n &&
		    memcmp(j->p, words[i], n) == 0) {
			j->p += n;
			return true;
		}
	}
	return fault(j, "not a JSON value (a string needs double quotes)");
}

/* A scalar, or the opening of an object or array (pushed on stack). */
enum after { AFTER_VALUE, AFTER_OPEN };

static bool
value(struct jc *j, char *stack, size_t *depth, enum after *next)
{
	skip_ws(j);
	if (j->p == j->end)
		return fault(j, "a value is missing");
	*next = AFTER_VALUE;
	switch (*j->p) {
	case '{':
	case '[':
		if (*depth == JSONCHECK_MAX_DEPTH)
			return fault(j, "nested too deep");
		stack[(*depth)++] = *j->p++;
		*next = AFTER_OPEN;
		return true;
	case '"':
		return string(j);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return number(j);
	default:
		return word(j);
	}
}

/* In an object, before a key: the key, white space and the colon. */
static bool
key(struct jc *j)
{
	skip_ws(j);
	if (j->p == j->end || *j->p != '"')
		return fault(j, "an object key must be a string");
	if (!string(j))
		return false;
	skip_ws(j);
	if (j->p == j->end || *j->p != ':')
		return fault(j, "a colon must follow an object key");
	j->p++;
	return true;
}

bool
json_check(const char *s, size_t len, size_t *at, const char **what)
{
	struct jc	j = { s, s, s + len, NULL };
	char		stack[JSONCHECK_MAX_DEPTH];
	size_t		depth = 0;
	enum after	next;
	bool		ok;

	ok = value(&j, stack, &depth, &next);
	while (ok) {
		char close;

		if (next == AFTER_OPEN) {
			/* Just opened: empty, or the first member. */
			close = stack[depth - 1] == '{' ? '}' : ']';
			skip_ws(&j);
			if (j.p < j.end && *j.p == close) {
				j.p++;
				depth--;
				next = AFTER_VALUE;
			} else if (stack[depth - 1] == '{' && !key(&j))
				ok = false;
			else
				ok = value(&j, stack, &depth, &next);
			continue;
		}
		if (depth == 0)
			break;
		close = stack[depth - 1] == '{' ? '}' : ']';
		skip_ws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			if (stack[depth - 1] == '{' && !key(&j))
				ok = false;
			else
				ok = value(&j, stack, &depth, &next);
		} else if (j.p < j.end && *j.p == close) {
			j.p++;
			depth--;
		} else
			ok = fault(&j, close == '}' ? "expected , or } after a "
			    "value in an object" : "expected , or ] after a "
			    "value in an array");
	}
	if (ok) {
		skip_ws(&j);
		if (j.p != j.end)
			ok = fault(&j, "more text after the JSON value");
	}
	if (!ok) {
		*at = (size_t)(j.p - j.s);
		*what = j.what;
	}
	return ok;
}

static void
sql_json_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*s, *what;
	size_t		 at;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = (const char *)sqlite3_value_text(argv[0]);
	sqlite3_result_int(ctx, s != NULL && json_check(s,
	    (size_t)sqlite3_value_bytes(argv[0]), &at, &what));
}

int
json_check_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "json_valid", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_json_valid,
	    NULL, NULL);
}
