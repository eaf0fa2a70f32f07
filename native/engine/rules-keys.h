/*
 * The rules anchored at ':' or '=' (engine/match.h): url-userinfo-password and the three header/key
 * rules behind KEY_ANCHOR. Their optional separator parts never need backtracking: a key name
 * ends in a letter and a value starts with something else than a blank, a quote or '\', so
 * the greedy parse is the only one that can match.
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */

/* `//user:password@`: the user part cannot hold ':', so it ends at the first one; the
 * password part is greedy and gives units back only to end right before an '@', so it ends
 * at the last '@' of its run. */
static bool url_password(text x, size_t at, match *m) {
  if (!equals_at(x, at + 1, "//")) return false;
  size_t j = at + 3;
  while (j < x.n) {
    unit c = x.t[j];
    if (is_space(c) || c == '/' || c == '?' || c == '#' || c == '@' || c == ':') break;
    j++;
  }
  if (j >= x.n || x.t[j] != ':') return false;
  size_t k = j + 1;
  size_t r = k;
  while (r < x.n && !(is_space(x.t[r]) || x.t[r] == '/' || x.t[r] == '?' || x.t[r] == '#')) r++;
  for (size_t e = r; e > k + 1; e--) {
    if (x.t[e - 1] == '@') {
      m->start = k;
      m->end = e - 1;
      return true;
    }
  }
  return false;
}

/* KEY_ANCHOR's lookbehind: the anchor ends a key name (…on …ie …en …et …rd …wd …ey …sh) or
 * follows a quote or a blank. */
static bool key_tail(text x, size_t at) {
  if (at < 1) return false;
  unit c = x.t[at - 1];
  if (is_quote(c) || is_blank(c)) return true;
  if (at < 2) return false;
  unit a = lower(x.t[at - 2]);
  unit b = lower(c);
  return (a == 'o' && b == 'n') || (a == 'i' && b == 'e') ||
         (a == 'e' && (b == 'n' || b == 't' || b == 'y')) || ((a == 'r' || a == 'w') && b == 'd') ||
         (a == 's' && b == 'h');
}

/* Where the key name ends before SEP_BEFORE (`\?["']?[ \t]*` and the anchor at `at`). */
static size_t key_end(text x, size_t at) {
  size_t p = at;
  while (p > 0 && is_blank(x.t[p - 1])) p--;
  if (p > 0 && is_quote(x.t[p - 1])) p--;
  if (p > 0 && x.t[p - 1] == '\\') p--;
  return p;
}

/* End of SEP_AFTER (`[ \t]*\\?["']?[ \t]*`) from `from`. */
static size_t value_start(text x, size_t from) {
  size_t i = from;
  while (i < x.n && is_blank(x.t[i])) i++;
  if (i < x.n && x.t[i] == '\\') i++;
  if (i < x.n && is_quote(x.t[i])) i++;
  while (i < x.n && is_blank(x.t[i])) i++;
  return i;
}

/* `[^\s"'\\<]`: the first unit of a header value. */
static bool starts_value(unsigned c) { return !(is_space(c) || is_quote(c) || c == '\\' || c == '<'); }

/* Length of the AUTH_SCHEMES word at `at` (no word is a prefix of another), or 0. */
static size_t scheme_length(text x, size_t at) {
  if (equals_any_case_at(x, at, "bearer")) return 6;
  if (equals_any_case_at(x, at, "basic")) return 5;
  if (equals_any_case_at(x, at, "token")) return 5;
  if (equals_any_case_at(x, at, "digest")) return 6;
  if (equals_any_case_at(x, at, "negotiate")) return 9;
  return 0;
}

/* authorization-header: `Authorization: [scheme ]value`, never a `scheme <placeholder>`. */
static bool authorization(text x, size_t at, match *m) {
  if (!ends_any_case(x, key_end(x, at), "authorization")) return false;
  size_t p = value_start(x, at + 1);
  size_t scheme = scheme_length(x, p);
  size_t g = p;
  if (scheme > 0) {
    size_t s = run_end(x, p + scheme, is_blank);
    if (s > p + scheme) {
      if (s < x.n && x.t[s] == '<') return false; /* the negative lookahead */
      /* The optional scheme is taken when a value follows it; else the value is the scheme
       * word itself (giving blanks back would start the value with a blank). */
      if (s < x.n && starts_value(x.t[s])) g = s;
    }
  }
  if (g >= x.n || !starts_value(x.t[g])) return false;
  size_t e = g + 1;
  while (e < x.n && !(is_space(x.t[e]) || is_quote(x.t[e]) || x.t[e] == '\\')) e++;
  m->start = g;
  m->end = e;
  return true;
}

/* cookie-header: `Cookie: value` up to the end of the line, a quote or a '\'. */
static bool cookie(text x, size_t at, match *m) {
  if (!ends_any_case(x, key_end(x, at), "cookie")) return false;
  size_t g = value_start(x, at + 1);
  if (g >= x.n || !starts_value(x.t[g])) return false;
  size_t e = g + 1;
  while (e < x.n) {
    unit c = x.t[e];
    if (c == '\r' || c == '\n' || is_quote(c) || c == '\\') break;
    e++;
  }
  m->start = g;
  m->end = e;
  return true;
}

/* `api`, `access` or `private`, then an optional '_' or '-', end right before `end`. */
static bool key_prefix_ends(text x, size_t end) {
  if (ends_any_case(x, end, "api") || ends_any_case(x, end, "access") ||
      ends_any_case(x, end, "private")) {
    return true;
  }
  return end > 0 && (x.t[end - 1] == '_' || x.t[end - 1] == '-') &&
         (ends_any_case(x, end - 1, "api") || ends_any_case(x, end - 1, "access") ||
          ends_any_case(x, end - 1, "private"));
}

/* A SECRET_KEYS name ends right before `end`. */
static bool secret_key_ends(text x, size_t end) {
  if (ends_any_case(x, end, "token") || ends_any_case(x, end, "secret") ||
      ends_any_case(x, end, "password") || ends_any_case(x, end, "passwd")) {
    return true;
  }
  return ends_any_case(x, end, "key") && key_prefix_ends(x, end - 3);
}

static bool is_secret_value(unsigned c) {
  return !(is_space(c) || is_quote(c) || c == '\\' || c == '<' || c == ';' || c == '&');
}

/* secret-key-value: `token=…`, `api_key: "…"`, `password_hash=…`, ≥ 6 value units. */
static bool secret_value(text x, size_t at, match *m) {
  size_t r = key_end(x, at);
  bool named = secret_key_ends(x, r);
  if (!named && ends_any_case(x, r, "hash")) {
    size_t h = r - 4;
    named = secret_key_ends(x, h) ||
            (h > 0 && (x.t[h - 1] == '_' || x.t[h - 1] == '-') && secret_key_ends(x, h - 1));
  }
  if (!named) return false;
  size_t g = value_start(x, at + 1);
  size_t e = run_end(x, g, is_secret_value);
  if (e - g < 6) return false;
  m->start = g;
  m->end = e;
  return true;
}
