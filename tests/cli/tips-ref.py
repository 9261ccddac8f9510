#!/usr/bin/env python3
# tips-ref.py: an independent reference for `cibscope tips import`.
#
# From a STIX 2.1 bundle or a MISP event alone, this computes the distinct
# indicator values, by kind, that a correct reader must store, following
# the STIX 2.1 patterning grammar (simple comparisons only), MISP's
# attribute types (describeTypes.json) and the rules that core/tips.h and
# doc/exchange.md give for cibscope. It shares no code with cibscope.
#
# usage: tips-ref.py [--types describeTypes.json] [--values] FILE
#
# Prints "KIND COUNT" lines (kinds with no value are left out), then
# "unusable N" for STIX patterns outside the simple forms. With --values
# it prints "KIND<TAB>VALUE" lines instead, sorted.
#
# Decisions where tips.h is silent (each follows the specification):
# - A STIX pattern is usable when every comparison in it is "PATH = 'str'"
#   on one of the paths tips.h lists, joined by AND/OR inside brackets,
#   observation expressions joined by AND/OR, with no qualifier (WITHIN,
#   REPEATS, START/STOP) and no FOLLOWEDBY. Otherwise the whole pattern
#   is not usable.
# - A domain-name value that is not a host name (RFC 1123 labels: letters,
#   digits, '-', '_'; at least one dot) names no domain; the pattern's
#   other comparisons still count, and the pattern is not unusable.
# - MISP hash types are the types X for which describeTypes.json also has
#   "filename|X" (md5, sha1, sha256, sha3-256, imphash, pehash, ...),
#   except the fuzzy hashes ssdeep, tlsh, impfuzzy and vhash; a value
#   that is not hex digits is no hash.
# - MISP email types: email, email-src, email-dst, email-reply-to,
#   target-email, whois-registrant-email, dns-soa-email (types that hold
#   an address; email-subject, email-body, ... do not).
# - MISP phone types: phone-number, whois-registrant-phone.
# - MISP handle types: twitter-id, github-username. jabber-id is an
#   address of e-mail form (user@host) and counts as email;
#   whois-registrant-name counts as text.
# - MISP "text" values count as kind text, whatever their relation in an
#   object (tips.h: object attributes are read "the same way").
# - A type that describeTypes.json does not know is ignored.
# - MISP account objects are user-account and any "*-account" object; in
#   them user-id is a native_id and username a handle (the user-account
#   template's relations), account-type/platform name the platform.
# - IPv4 network blocks: /24 or narrower become their addresses (a /32 is
#   one address); /23 to /14 become their /24 blocks, kind ip24; wider is
#   not usable. IPv6 blocks: see ip6_block().
import ipaddress
import json
import re
import sys

ALL_KINDS = ("domain", "url", "ip", "email", "phone", "handle", "hashtag",
             "text", "note", "hash", "native_id", "ip24")


class Unusable(Exception):
    pass


class Ref:
    # Fuzzy hashes (not hex digests, never equal across files).
    FUZZY = {"ssdeep", "tlsh", "impfuzzy", "vhash"}

    def __init__(self, types):
        self.values = set()
        self.unusable = 0
        self.types = types
        self.hash_types = set()
        if types is not None:
            for t in types:
                if t.startswith("filename|") and \
                        t[len("filename|"):] not in self.FUZZY:
                    self.hash_types.add(t[len("filename|"):])
        else:
            self.hash_types = {"md5", "sha1", "sha224", "sha256", "sha384",
                               "sha512", "imphash"}

    # ---- normalization, as normalize.h describes each kind ----
    def add(self, kind, value):
        if value is None:
            return
        value = value.strip()
        if value == "" or value.lower() in ("na", "n/a", "null", "none",
                                            "[]", "0", "-"):
            return
        fn = getattr(self, "norm_" + kind, None)
        v = fn(value) if fn else value
        if v:
            if isinstance(v, tuple):
                self.values.add(v)
            else:
                self.values.add((kind, v))

    def norm_domain(self, v):
        v = v.lower().rstrip(".")
        v = v.replace("[.]", ".")
        if "://" in v:
            v = v.split("://", 1)[1]
        v = v.split("/", 1)[0]
        if re.fullmatch(r"[^:]+:\d+", v):
            v = v.rsplit(":", 1)[0]
        if v.startswith("www."):
            v = v[4:]
        if not re.fullmatch(r"[a-z0-9_-]+(\.[a-z0-9_-]+)+", v):
            return None
        return v

    def norm_url(self, v):
        m = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^#]*)(#.*)?",
                         v)
        if not m:
            return self.norm_url("http://" + v) if "://" not in v else None
        scheme, host, rest = m.group(1).lower(), m.group(2).lower(), \
            m.group(3)
        if host.startswith("www."):
            host = host[4:]
        if (scheme == "http" and host.endswith(":80")) or \
                (scheme == "https" and host.endswith(":443")):
            host = host.rsplit(":", 1)[0]
        if rest == "" or rest.startswith("?"):
            rest = "/" + rest
        if "?" in rest:
            path, q = rest.split("?", 1)
            keep = [p for p in q.split("&") if p and not re.match(
                r"(utm_[^=]*|fbclid|gclid|igshid|si)(=|$)", p)]
            rest = path + ("?" + "&".join(keep) if keep else "")
        return "%s://%s%s" % (scheme, host, rest)

    def norm_email(self, v):
        v = v.lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            return None
        local, dom = v.split("@", 1)
        if dom == "googlemail.com":
            dom = "gmail.com"
        if dom == "gmail.com":
            local = local.split("+", 1)[0].replace(".", "")
        return local + "@" + dom

    def norm_phone(self, v):
        d = re.sub(r"\D", "", v)
        if v.strip().startswith("00"):
            d = d[2:]
        return d or None

    def norm_handle(self, v):
        v = v.lower()
        return v[1:] if v.startswith("@") else v

    def norm_hash(self, v):
        # A digest is hex; anything else is no hash.
        return v.lower() if re.fullmatch(r"[0-9A-Fa-f]+", v) else None

    def norm_native_id(self, v):
        return v

    def norm_text(self, v):
        # normalize.h is locale-independent: ASCII white space only.
        return re.sub(r"[ \t\n\r\f\v]+", " ", v).strip(" ")

    def norm_ip(self, v):
        """An address, or a network block by the rules of tips.h."""
        try:
            if "/" not in v:
                return ("ip", str(ipaddress.ip_address(v)))
            net = ipaddress.ip_network(v, strict=False)
        except ValueError:
            return None
        if net.version == 4:
            if net.prefixlen >= 24:
                for a in net:
                    self.values.add(("ip", str(a)))
                return None
            if net.prefixlen >= 14:
                for s in net.subnets(new_prefix=24):
                    self.values.add(("ip24", str(s)))
                return None
            raise Unusable()
        return self.ip6_block(net)

    def ip6_block(self, net):
        # At most 256 addresses (/120 or narrower): its addresses. /38 to
        # /48: its /48 blocks, kind ip24 (an account's IPv6 address has
        # its /48 there). Between /49 and /119 cibscope can neither list
        # it nor match it exactly; wider than /38 it means nothing: both
        # are not usable.
        if net.prefixlen >= 120:
            for a in net:
                self.values.add(("ip", str(a)))
            return None
        if 38 <= net.prefixlen <= 48:
            for s in net.subnets(new_prefix=48):
                self.values.add(("ip24", str(s)))
            return None
        raise Unusable()

    # ---- STIX ----
    PATHS = {
        "domain-name:value": "domain",
        "url:value": "url",
        "email-addr:value": "email",
        # STIX 2.1 email-message: from_ref and sender_ref point to an
        # email-addr, so their .value is an address.
        "email-message:from_ref.value": "email",
        "email-message:sender_ref.value": "email",
        "ipv4-addr:value": "ip",
        "ipv6-addr:value": "ip",
        "user-account:account_login": "handle",
        "user-account:user_id": "native_id",
    }

    def stix_path_kind(self, path):
        if path in self.PATHS:
            return self.PATHS[path]
        # file:hashes.'SHA-256', file:hashes.MD5, file:hashes."SHA-1"
        if re.fullmatch(r"(file|artifact):hashes\."
                        r"('[^']+'|\"[^\"]+\"|[A-Za-z0-9_-]+)", path):
            return "hash"
        return None

    def lex(self, pat):
        """Tokens of a pattern: brackets, parentheses, quoted strings,
        operators, and words (object paths, AND, OR, qualifiers)."""
        toks, i, n = [], 0, len(pat)
        while i < n:
            c = pat[i]
            if c.isspace():
                i += 1
            elif c in "[]()":
                toks.append(c)
                i += 1
            elif c == "'":
                j, buf = i + 1, []
                while j < n and pat[j] != "'":
                    if pat[j] == "\\" and j + 1 < n:
                        j += 1
                    buf.append(pat[j])
                    j += 1
                if j >= n:
                    raise Unusable()
                toks.append(("str", "".join(buf)))
                i = j + 1
            elif c in "=!<>":
                j = i + 1
                if j < n and pat[j] == "=":
                    j += 1
                toks.append(pat[i:j])
                i = j
            else:
                # A word; an object path may hold quoted segments
                # (file:hashes.'SHA-256') and list steps ([*], [0]).
                j = i
                while j < n and not pat[j].isspace() and \
                        pat[j] not in "=!<>()]":
                    if pat[j] == "'" and j > i and pat[j - 1] == ".":
                        k = pat.find("'", j + 1)
                        if k < 0:
                            raise Unusable()
                        j = k + 1
                    elif pat[j] == "[" and j > i:
                        k = pat.find("]", j)
                        if k < 0:
                            raise Unusable()
                        j = k + 1
                    elif pat[j] == "'" or pat[j] == "[":
                        break
                    else:
                        j += 1
                toks.append(pat[i:j])
                i = j
        return toks

    def stix_pattern(self, pat):
        """The (kind, raw value) pairs of a simple pattern, or Unusable:
        observation expressions "[ cmp (AND|OR cmp)* ]" joined by AND or
        OR, each comparison "PATH = 'string'" on a path cibscope reads."""
        toks = self.lex(pat)
        out, i, state = [], 0, "open"
        while i < len(toks):
            t = toks[i]
            if state == "open":
                if t != "[":
                    raise Unusable()
                i, state = i + 1, "cmp"
            elif state == "cmp":
                if not isinstance(t, str) or i + 2 >= len(toks) or \
                        toks[i + 1] != "=" or \
                        not isinstance(toks[i + 2], tuple):
                    raise Unusable()
                kind = self.stix_path_kind(t)
                if kind is None:
                    raise Unusable()
                out.append((kind, toks[i + 2][1]))
                i, state = i + 3, "after"
            elif state == "after":
                if t in ("AND", "OR"):
                    i, state = i + 1, "cmp"
                elif t == "]":
                    i, state = i + 1, "join"
                else:
                    raise Unusable()
            else:
                if t in ("AND", "OR"):
                    i, state = i + 1, "open"
                else:
                    raise Unusable()  # FOLLOWEDBY, WITHIN, ...
        if state != "join" or not out:
            raise Unusable()
        return out

    def stix(self, d):
        for o in d.get("objects", []):
            t = o.get("type")
            if t == "indicator":
                if o.get("pattern_type", "stix") != "stix":
                    self.unusable += 1
                    continue
                save = set(self.values)
                try:
                    for kind, v in self.stix_pattern(o.get("pattern", "")):
                        self.add(kind, v)
                except Unusable:
                    self.values = save
                    self.unusable += 1
            elif t == "domain-name":
                self.add("domain", o.get("value"))
            elif t == "url":
                self.add("url", o.get("value"))
            elif t == "email-addr":
                self.add("email", o.get("value"))
            elif t in ("ipv4-addr", "ipv6-addr"):
                try:
                    self.add("ip", o.get("value"))
                except Unusable:
                    self.unusable += 1
            elif t == "file":
                for v in (o.get("hashes") or {}).values():
                    self.add("hash", v)
            elif t == "user-account":
                self.add("native_id", o.get("user_id"))
                self.add("handle", o.get("account_login"))

    # ---- MISP ----
    EMAIL = {"email", "email-src", "email-dst", "email-reply-to",
             "target-email", "whois-registrant-email", "dns-soa-email",
             "jabber-id"}
    PHONE = {"phone-number", "whois-registrant-phone"}
    HANDLE = {"twitter-id", "github-username"}
    # tips.h: "an account object (user-account, twitter-account, ...)";
    # a social-media-group is a group, not an account.
    ACCOUNT_OBJECTS = re.compile(r"(user-account|.*-account)$")

    def misp_attr(self, t, v):
        if self.types is not None and t not in self.types:
            return
        if not isinstance(v, str):
            return
        try:
            if t in ("domain", "hostname"):
                self.add("domain", v)
            elif t == "hostname|port":
                self.add("domain", v.split("|", 1)[0])
            elif t in ("url", "link", "uri"):
                self.add("url", v)
            elif t in self.EMAIL:
                self.add("email", v)
            elif t in self.PHONE:
                self.add("phone", v)
            elif t in ("ip-src", "ip-dst"):
                self.add("ip", v)
            elif t in ("ip-src|port", "ip-dst|port"):
                self.add("ip", v.rsplit("|", 1)[0])
            elif t == "domain|ip":
                dom, _, ip = v.partition("|")
                self.add("domain", dom)
                self.add("ip", ip)
            elif t in self.hash_types:
                self.add("hash", v)
            elif t.startswith("filename|") and t[9:] in self.hash_types:
                self.add("hash", v.split("|", 1)[1] if "|" in v else "")
            elif t in ("text", "whois-registrant-name"):
                self.add("text", v)
            elif t in self.HANDLE:
                self.add("handle", v)
        except Unusable:
            self.unusable += 1

    def misp(self, e):
        for a in e.get("Attribute", []) or []:
            self.misp_attr(a.get("type"), a.get("value"))
        for o in e.get("Object", []) or []:
            name = o.get("name", "")
            attrs = o.get("Attribute", []) or []
            if self.ACCOUNT_OBJECTS.match(name):
                for a in attrs:
                    rel, v = a.get("object_relation"), a.get("value")
                    if rel == "user-id":
                        self.add("native_id", v)
                    elif rel == "username":
                        self.add("handle", v)
                    elif rel in ("account-type", "platform"):
                        pass
                    else:
                        self.misp_attr(a.get("type"), v)
            else:
                for a in attrs:
                    self.misp_attr(a.get("type"), a.get("value"))


def main(argv):
    types, show = None, False
    args = argv[1:]
    while args and args[0].startswith("--"):
        if args[0] == "--types":
            with open(args[1]) as f:
                dt = json.load(f)
            types = set(dt.get("result", dt)["types"])
            args = args[2:]
        elif args[0] == "--values":
            show = True
            args = args[1:]
        else:
            sys.exit("usage: tips-ref.py [--types FILE] [--values] FILE")
    with open(args[0], encoding="utf-8") as f:
        d = json.load(f)
    r = Ref(types)
    if d.get("type") == "bundle":
        r.stix(d)
    elif d.get("type") in ("indicator", "campaign") or "spec_version" in d:
        r.stix({"objects": [d]})
    else:
        if "response" in d:
            d = d["response"][0]
        r.misp(d.get("Event", d))
    if show:
        for k, v in sorted(r.values):
            print("%s\t%s" % (k, v))
        return
    for k in ALL_KINDS:
        n = sum(1 for kk, _ in r.values if kk == k)
        if n:
            print(k, n)
    print("unusable", r.unusable)


if __name__ == "__main__":
    main(sys.argv)
