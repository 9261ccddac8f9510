/*
 * roles.h: the screen's colour roles, one X-macro list.
 *
 * Each entry is ROLE(ENUM, "key"): the enum names a role in code and the
 * key names it in a theme file, so a theme loader can map YAML keys to
 * roles with one table and never drift from the enum. Include it with
 * ROLE defined.
 */
ROLE(NORMAL, "text")
ROLE(TITLE, "title")
ROLE(BREADCRUMB, "breadcrumb")
ROLE(HEADER, "header")
ROLE(SELECTED, "selected")
ROLE(SELECTED_DIM, "selected-inactive")
ROLE(MARKED, "marked")
ROLE(DIM, "dim")
ROLE(HUB, "hub")
ROLE(EVIDENCE, "evidence")
ROLE(LABEL_SUSPECTED, "label-suspected")
ROLE(LABEL_CIB, "label-cib")
ROLE(LABEL_NOT_CIB, "label-not-cib")
ROLE(LABEL_CLEARED, "label-cleared")
ROLE(STATUS, "status")
ROLE(MESSAGE, "message")
ROLE(ERROR, "error")
ROLE(PROMPT, "prompt")
ROLE(BORDER, "border")
ROLE(BAR, "bar")
ROLE(BURST, "burst")
ROLE(HEAT1, "heat-1")
ROLE(HEAT2, "heat-2")
ROLE(HEAT3, "heat-3")
ROLE(HEAT4, "heat-4")
