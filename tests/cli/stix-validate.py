#!/usr/bin/env python3
# stix-validate.py [--disarm-phases] SCHEMAS BUNDLE...: check every
# object of each STIX 2.1 bundle against OASIS's JSON schemas (a folder
# with common/, sdos/, sros/, observables/), resolving their $refs on
# local files only, and check what the schemas cannot: spec_version 2.1,
# ids unique, every *_ref and *_refs pointing into the bundle, every STIX
# pattern readable (see pattern_check), relationship types as the
# specification defines them between their two ends, and what cibscope's
# export promises (see promises; --disarm-phases: every DISARM technique
# has a kill-chain phase, as when the case's vocabulary knows tactics).
# Prints "FILE: object N (TYPE): what is wrong" per fault; exits 1 on any.
import json
import os
import re
import sys
import warnings

import jsonschema


def load_schemas(root):
	store, by_type = {}, {}
	for sub in ("common", "sdos", "sros", "observables"):
		d = os.path.join(root, sub)
		for f in sorted(os.listdir(d)):
			if not f.endswith(".json"):
				continue
			with open(os.path.join(d, f)) as fp:
				s = json.load(fp)
			store[s["$id"]] = s
			if sub != "common":
				by_type[f[:-5]] = s
			elif f == "bundle.json":
				by_type["bundle"] = s
	return store, by_type


def validator(store, schema):
	cls = jsonschema.validators.validator_for(schema)
	resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
	return cls(schema, resolver=resolver,
	    format_checker=jsonschema.FormatChecker())


def refs_of(obj):
	for k, v in obj.items():
		if k.endswith("_ref") and isinstance(v, str):
			yield k, v
		elif k.endswith("_refs") and isinstance(v, list):
			for r in v:
				if isinstance(r, str):
					yield k, r


# STIX patterning, the part of it this check reads: observation
# expressions joined by AND, OR or FOLLOWEDBY, each a bracketed list of
# comparisons "type:property op literal" joined by AND or OR. Object types
# must have a schema and properties must be in it; string literals may
# escape only a quote and a backslash.
PATTERN_TOKEN = re.compile(r"""\s*(?:
	(?P<str>'(?:[^'\\]|\\['\\])*')|
	(?P<path>[a-z0-9-]+:[a-z0-9_]+(?:\.[a-z0-9_]+|\.'[^']*'|\[(?:\d+|\*)\])*)|
	(?P<num>-?\d+(?:\.\d+)?)|
	(?P<word>AND|OR|FOLLOWEDBY|NOT|LIKE|MATCHES|IN|true|false)|
	(?P<op><=|>=|!=|=|<|>)|
	(?P<punct>[][()]))""", re.X)


def schema_properties(schema):
	"""The property names a schema or its allOf, anyOf, oneOf branches
	name."""
	props = set(schema.get("properties", {}))
	for k in ("allOf", "anyOf", "oneOf"):
		for sub in schema.get(k, []):
			props |= schema_properties(sub)
	return props


def pattern_tokens(text):
	toks, at = [], 0
	text = text.rstrip()
	while at < len(text):
		m = PATTERN_TOKEN.match(text, at)
		if m is None or m.end() == at:
			raise ValueError("cannot read the pattern at %r" %
			    text[at:at + 20])
		toks.append((m.lastgroup, m.group(m.lastgroup)))
		at = m.end()
	return toks


def pattern_check(text, by_type):
	toks = pattern_tokens(text)
	pos = [0]

	def peek():
		return toks[pos[0]] if pos[0] < len(toks) else (None, None)

	def take(kind=None, value=None):
		k, v = peek()
		if k is None or (kind and k != kind) or (value and v != value):
			raise ValueError("expected %s, found %s" %
			    (value or kind, v or "the end"))
		pos[0] += 1
		return v

	def comparison():
		path = take("path")
		otype, prop = path.split(":", 1)
		prop = re.split(r"[.[]", prop, 1)[0]
		if otype not in by_type or otype in SDO_TYPES:
			raise ValueError("%s is not a cyber-observable type" %
			    otype)
		if prop not in schema_properties(by_type[otype]):
			raise ValueError("%s has no property %s" % (otype, prop))
		if peek() == ("word", "NOT"):
			take()
		k, v = peek()
		if k == "op" or v in ("LIKE", "MATCHES"):
			take()
		else:
			raise ValueError("expected a comparison after %s" % path)
		k, v = peek()
		if k in ("str", "num") or v in ("true", "false"):
			take()
		else:
			raise ValueError("expected a literal after %s" % path)

	def observation():
		if peek() == ("punct", "("):
			take()
			expression()
			take("punct", ")")
			return
		take("punct", "[")
		comparison()
		while peek()[1] in ("AND", "OR"):
			take()
			comparison()
		take("punct", "]")

	def expression():
		observation()
		while peek()[1] in ("AND", "OR", "FOLLOWEDBY"):
			take()
			observation()

	expression()
	if pos[0] != len(toks):
		raise ValueError("unexpected %s" % toks[pos[0]][1])


SDO_TYPES = ("attack-pattern", "campaign", "course-of-action", "grouping",
    "identity", "incident", "indicator", "infrastructure", "intrusion-set",
    "location", "malware", "malware-analysis", "note", "observed-data",
    "opinion", "report", "threat-actor", "tool", "vulnerability",
    "relationship", "sighting", "bundle")

# Relationship types the STIX 2.1 specification defines between the types
# cibscope writes (related-to is defined between any two objects).
RELATIONSHIPS = {
	"uses": {("intrusion-set", "attack-pattern"),
	    ("campaign", "attack-pattern"), ("threat-actor", "attack-pattern"),
	    ("intrusion-set", "infrastructure"), ("campaign", "infrastructure")},
	"indicates": {("indicator", t) for t in ("attack-pattern", "campaign",
	    "infrastructure", "intrusion-set", "malware", "threat-actor",
	    "tool")},
	"based-on": {("indicator", "observed-data")},
	"attributed-to": {("campaign", "intrusion-set"),
	    ("campaign", "threat-actor"), ("intrusion-set", "threat-actor")},
}


def load_json(path):
	try:
		with open(path) as fp:
			return json.load(fp), None
	except (OSError, ValueError) as e:
		return None, "%s: not JSON: %s" % (path, e)


def promises(path, objs, ids, need_phases):
	"""What cibscope promises beyond the schemas: the network as an
	intrusion-set or campaign that uses each attack-pattern, each
	indicator indicating something, each user-account in an
	observed-data, DISARM kill-chain phases named "disarm" with
	lowercase hyphenated phase names (and, with need_phases, one on
	every DISARM technique)."""
	faults = []
	rels = [o for o in objs if o.get("type") == "relationship"]
	actors = [o["id"] for o in objs if o.get("type") in ("intrusion-set",
	    "campaign")]
	if not actors:
		faults.append("%s: no intrusion-set or campaign" % path)
	used = {r.get("target_ref") for r in rels if r.get("relationship_type")
	    == "uses" and r.get("source_ref") in actors}
	indicating = {r.get("source_ref") for r in rels if
	    r.get("relationship_type") == "indicates"}
	observed = set()
	for o in objs:
		if o.get("type") == "observed-data":
			observed.update(o.get("object_refs", []))
	for i, o in enumerate(objs, 1):
		t = o.get("type")
		if t == "attack-pattern" and o["id"] not in used:
			faults.append("%s: object %d (%s): no intrusion-set or "
			    "campaign uses it" % (path, i, t))
		if t == "attack-pattern" and any(r.get("source_name") ==
		    "DISARM" for r in o.get("external_references", [])):
			kc = o.get("kill_chain_phases", [])
			for p in kc:
				if p.get("kill_chain_name") != "disarm":
					faults.append("%s: object %d (%s): "
					    "kill_chain_name %r for a DISARM "
					    "technique" % (path, i, t,
					    p.get("kill_chain_name")))
			if not kc and need_phases:
				faults.append("%s: object %d (%s): a DISARM "
				    "technique without a disarm kill-chain "
				    "phase" % (path, i, t))
			for p in kc:
				if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*",
				    p.get("phase_name", "")):
					faults.append("%s: object %d (%s): "
					    "phase_name %r is not lowercase "
					    "words joined by hyphens" % (path,
					    i, t, p.get("phase_name")))
		if t == "indicator" and o["id"] not in indicating:
			faults.append("%s: object %d (%s): indicates nothing" %
			    (path, i, t))
		if t == "user-account" and o["id"] not in observed:
			faults.append("%s: object %d (%s): in no observed-data" %
			    (path, i, t))
		if t == "relationship":
			rt = o.get("relationship_type")
			src = ids.get(o.get("source_ref"), {}).get("type")
			dst = ids.get(o.get("target_ref"), {}).get("type")
			if rt != "related-to" and (rt not in RELATIONSHIPS or
			    (src, dst) not in RELATIONSHIPS[rt]):
				faults.append("%s: object %d (%s): STIX defines "
				    "no %s from %s to %s" % (path, i, t, rt,
				    src, dst))
	return faults


def check(path, store, by_type, need_phases):
	faults = []
	b, err = load_json(path)
	if err is not None:
		return [err], []
	if not isinstance(b, dict):
		return ["%s: not a STIX bundle" % path], []
	# The bundle schema's list of object schemas lacks grouping, location,
	# note and opinion (a grouping then matches both of its catch-all
	# branches and fails), so the envelope is checked without it and each
	# object against the schema of its own type, which is stricter.
	env = dict(by_type["bundle"])
	env["properties"] = dict(env["properties"])
	env["properties"]["objects"] = {"type": "array"}
	for e in validator(store, env).iter_errors(b):
		faults.append("%s: bundle: %s" % (path, e.message))
	objs = b.get("objects", [])
	if not isinstance(objs, list) or not all(isinstance(o, dict) for o in
	    objs):
		return faults + ["%s: objects is not a list of objects" %
		    path], []
	ids = {}
	for i, o in enumerate(objs, 1):
		t = o.get("type", "?")
		if o.get("id") in ids:
			faults.append("%s: object %d (%s): duplicate id %s" %
			    (path, i, t, o.get("id")))
		ids[o.get("id")] = o
		if t not in by_type or t == "bundle":
			faults.append("%s: object %d (%s): no schema for this "
			    "type" % (path, i, t))
			continue
		for e in validator(store, by_type[t]).iter_errors(o):
			where = "/".join(str(p) for p in e.absolute_path)
			faults.append("%s: object %d (%s): %s%s" % (path, i, t,
			    where + ": " if where else "", e.message))
		if o.get("spec_version") != "2.1":
			faults.append("%s: object %d (%s): spec_version %r, not "
			    "2.1" % (path, i, t, o.get("spec_version")))
		if t == "indicator" and o.get("pattern_type") == "stix":
			try:
				pattern_check(o.get("pattern", ""), by_type)
			except ValueError as e:
				faults.append("%s: object %d (%s): pattern %r: "
				    "%s" % (path, i, t, o.get("pattern"), e))
	for i, o in enumerate(objs, 1):
		for k, r in refs_of(o):
			if r not in ids:
				faults.append("%s: object %d (%s): %s %s is not "
				    "in the bundle" % (path, i, o.get("type"), k,
				    r))
	faults += promises(path, objs, ids, need_phases)
	return faults, objs


def main():
	args = sys.argv[1:]
	need_phases = bool(args) and args[0] == "--disarm-phases"
	if need_phases:
		args = args[1:]
	if len(args) < 2:
		print("usage: stix-validate.py [--disarm-phases] SCHEMAS "
		    "BUNDLE...", file=sys.stderr)
		return 2
	store, by_type = load_schemas(args[0])
	faults = []
	for path in args[1:]:
		f, objs = check(path, store, by_type, need_phases)
		faults += f
		print("%s: %d objects" % (path, len(objs)))
	for f in faults:
		print(f)
	return 1 if faults else 0


if __name__ == "__main__":
	warnings.simplefilter("ignore", DeprecationWarning)
	sys.exit(main())
