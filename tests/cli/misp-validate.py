#!/usr/bin/env python3
# misp-validate.py MISPDATA EVENT...: check each MISP event JSON file
# against MISP's own definitions in MISPDATA (a folder with
# describeTypes.json, objects/NAME.json templates and galaxy/clusters_*.json):
#   every attribute's type is a MISP type and its category one that
#   describeTypes.json maps to that type;
#   every object's name has a template, its meta-category and template
#   uuid and version are the template's, each object_relation is one the
#   template names, with the template's attribute type, repeated only
#   when the template says "multiple", and the template's required and
#   requiredOneOf relations are there;
#   every tag "misp-galaxy:TYPE="VALUE"" names a galaxy of which VALUE is
#   a cluster value, written as MISP writes it.
# Prints "FILE: where: what is wrong" per fault; exits 1 on any.
import json
import os
import re
import sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
    r"[0-9a-f]{12}")
GALAXY_TAG = re.compile(r'misp-galaxy:([a-z0-9-]+)="(.*)"')


def load(path):
	with open(path) as fp:
		return json.load(fp)


class Defs:
	def __init__(self, root):
		d = load(os.path.join(root, "describeTypes.json"))["result"]
		self.types = set(d["types"])
		self.categories = set(d["categories"])
		self.mapping = {c: set(t) for c, t in
		    d["category_type_mappings"].items()}
		self.templates = {}
		od = os.path.join(root, "objects")
		for f in os.listdir(od):
			if f.endswith(".json"):
				t = load(os.path.join(od, f))
				self.templates[t["name"]] = t
		self.clusters = {}
		gd = os.path.join(root, "galaxy")
		for f in os.listdir(gd):
			if f.startswith("clusters_") and f.endswith(".json"):
				g = load(os.path.join(gd, f))
				self.clusters[g["type"]] = {v["value"] for v in
				    g["values"]}


def check_attribute(defs, where, a, faults):
	t, c = a.get("type"), a.get("category")
	if t not in defs.types:
		faults.append("%s: type %r is not a MISP type" % (where, t))
	elif c is not None and c not in defs.categories:
		faults.append("%s: category %r is not a MISP category" %
		    (where, c))
	elif c is not None and t not in defs.mapping.get(c, ()):
		faults.append("%s: type %r is not allowed in category %r" %
		    (where, t, c))
	v = a.get("value")
	if not isinstance(v, str) or v == "":
		faults.append("%s: value is not a non-empty string" % where)
	if "uuid" in a and not (isinstance(a["uuid"], str) and
	    UUID.fullmatch(a["uuid"])):
		faults.append("%s: uuid %r is not a UUID" % (where,
		    a.get("uuid")))
	for k in ("to_ids", "disable_correlation"):
		if k in a and not isinstance(a[k], bool):
			faults.append("%s: %s is not true or false" % (where, k))
	check_tags(defs, where, a.get("Tag", []), faults)


def check_object(defs, where, o, faults):
	name = o.get("name")
	t = defs.templates.get(name)
	if t is None:
		faults.append("%s: no object template named %r" % (where, name))
		return
	if o.get("meta-category") != t["meta-category"]:
		faults.append("%s: meta-category %r, the template says %r" %
		    (where, o.get("meta-category"), t["meta-category"]))
	if "template_uuid" in o and o["template_uuid"] != t["uuid"]:
		faults.append("%s: template_uuid %r is not %s's %s" % (where,
		    o["template_uuid"], name, t["uuid"]))
	if "template_version" in o and str(o["template_version"]) != \
	    str(t["version"]):
		faults.append("%s: template_version %r, the template is at %s" %
		    (where, o["template_version"], t["version"]))
	seen = {}
	for i, a in enumerate(o.get("Attribute", []), 1):
		w = "%s attribute %d" % (where, i)
		rel = a.get("object_relation")
		tr = t["attributes"].get(rel)
		if tr is None:
			faults.append("%s: %s has no object_relation %r" %
			    (w, name, rel))
		else:
			if a.get("type") != tr["misp-attribute"]:
				faults.append("%s: %s is of type %r in the "
				    "template, not %r" % (w, rel,
				    tr["misp-attribute"], a.get("type")))
			if seen.get(rel) and not tr.get("multiple"):
				faults.append("%s: %s appears twice but is not "
				    "multiple" % (w, rel))
		seen[rel] = True
		check_attribute(defs, w, a, faults)
	for rel in t.get("required", []):
		if rel not in seen:
			faults.append("%s: required %s is missing" % (where, rel))
	one = t.get("requiredOneOf", [])
	if one and not any(r in seen for r in one):
		faults.append("%s: none of %s is there" % (where, ", ".join(one)))


def check_tags(defs, where, tags, faults):
	for i, tag in enumerate(tags, 1):
		name = tag.get("name") if isinstance(tag, dict) else None
		if not isinstance(name, str) or name == "":
			faults.append("%s: tag %d has no name" % (where, i))
			continue
		if not name.startswith("misp-galaxy:"):
			continue
		m = GALAXY_TAG.fullmatch(name)
		if m is None:
			faults.append("%s: tag %r is not misp-galaxy:TYPE=\"VALUE\""
			    % (where, name))
		elif m.group(1) not in defs.clusters:
			faults.append("%s: tag %r: no galaxy %s here" % (where,
			    name, m.group(1)))
		elif m.group(2) not in defs.clusters[m.group(1)]:
			faults.append("%s: tag %r: %r is not a cluster of %s" %
			    (where, name, m.group(2), m.group(1)))


def check(defs, path):
	try:
		doc = load(path)
	except (OSError, ValueError) as e:
		return ["%s: not JSON: %s" % (path, e)], 0, 0
	e = doc.get("Event") if isinstance(doc, dict) else None
	if not isinstance(e, dict):
		return ["%s: no Event" % path], 0, 0
	faults = []
	for k in ("info", "uuid"):
		if not isinstance(e.get(k), str) or e.get(k) == "":
			faults.append("%s: Event has no %s" % (path, k))
	if isinstance(e.get("uuid"), str) and not UUID.fullmatch(e["uuid"]):
		faults.append("%s: Event uuid %r is not a UUID" % (path,
		    e["uuid"]))
	if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(e.get("date", ""))):
		faults.append("%s: Event date %r is not YYYY-MM-DD" % (path,
		    e.get("date")))
	check_tags(defs, "%s: Event" % path, e.get("Tag", []), faults)
	attrs = e.get("Attribute", [])
	objs = e.get("Object", [])
	for i, a in enumerate(attrs, 1):
		w = "%s: Attribute %d" % (path, i)
		if a.get("category") is None:
			faults.append("%s: no category" % w)
		check_attribute(defs, w, a, faults)
	for i, o in enumerate(objs, 1):
		check_object(defs, "%s: Object %d" % (path, i), o, faults)
	return faults, len(attrs), len(objs)


def main():
	if len(sys.argv) < 3:
		print("usage: misp-validate.py MISPDATA EVENT...", file=sys.stderr)
		return 2
	defs = Defs(sys.argv[1])
	faults = []
	for path in sys.argv[2:]:
		f, na, no = check(defs, path)
		faults += f
		print("%s: %d attributes, %d objects" % (path, na, no))
	for f in faults:
		print(f)
	return 1 if faults else 0


if __name__ == "__main__":
	sys.exit(main())
