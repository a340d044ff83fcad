/* SPDX-License-Identifier: MIT */
/*
 * The model registry, and herd7's report of a model's result.  A new model
 * is one more file like sc.c or tso.c and one more line in lt_models[].
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "model/model.h"
#include "model/registry.h"

static const struct lt_model *const lt_models[] = {
	&lt_model_sc,
	&lt_model_x86_tso,
	&lt_model_armv8,
	&lt_model_riscv,
	&lt_model_power,
	&lt_model_c11,
	&lt_model_rc11,
	&lt_model_go,
	&lt_model_lkmm,
	NULL
};

const char *model_name_at(int k)
{
	return k >= 0 && lt_models[k] ? lt_models[k]->name : NULL;
}

const struct lt_model *model_lookup(const char *name)
{
	for (int k = 0; lt_models[k]; k++)
		if (strcmp(lt_models[k]->name, name) == 0)
			return lt_models[k];
	return NULL;
}

bool model_exists(const char *name)
{
	return model_lookup(name) != NULL;
}

const char *model_default(const struct lt_test *t)
{
	if (t->model)
		return t->model;
	return t->arch ? t->arch->model : NULL;
}

static bool value_eq(struct lt_value a, struct lt_value b)
{
	if (a.is_sym != b.is_sym)
		return false;
	return a.is_sym ? a.loc == b.loc : a.i == b.i;
}

bool model_state_allowed(const struct lt_test *t,
			 const struct lt_model_result *m,
			 const struct lt_value *vals)
{
	for (int s = 0; s < m->nstates; s++) {
		const struct lt_value *row = &m->states[(size_t)s * (size_t)t->nobserved];
		int k = 0;

		while (k < t->nobserved && value_eq(row[k], vals[k]))
			k++;
		if (k == t->nobserved)
			return true;
	}
	return false;
}

const char *model_verdict_name(enum lt_verdict v)
{
	return v == LT_VERDICT_ALLOWED ? "Allowed" :
	       v == LT_VERDICT_REQUIRED ? "Required" : "Forbidden";
}

void model_result_free(struct lt_model_result *m)
{
	free(m->states);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* herd7's report (herd/top_herd.ml, lib/constrGen.ml)                 */
/* ------------------------------------------------------------------ */

static void put_value(const struct lt_test *t, struct lt_var var,
		      const struct lt_value *v, struct lt_buf *out)
{
	char buf[160];

	lt_buf_puts(out, lt_var_value_str(t, var, v, buf, sizeof(buf)));
}

/* A register as "P:reg", a location as "[x]", as herd prints them. */
static void put_var(const struct lt_test *t, struct lt_var v, struct lt_buf *out)
{
	char name[160];

	lt_var_name(t, v, name, sizeof(name));
	lt_buf_printf(out, v.is_loc ? "[%s]" : "%s", name);
}

/* An atom as herd prints it: "P:reg=v", "[x]=v", "not (...)" for "!=". */
static void put_atom(const struct lt_cond *c, void *ctx, struct lt_buf *out)
{
	const struct lt_test *t = ctx;

	if (c->neq)
		lt_buf_puts(out, "not (");
	put_var(t, c->var, out);
	lt_buf_putc(out, '=');
	if (c->rhs_var)
		put_var(t, c->var2, out);
	else
		put_value(t, c->var, &c->val, out);
	if (c->neq)
		lt_buf_putc(out, ')');
}

void model_format_herd(const struct lt_test *t, const struct lt_model_result *m,
		       struct lt_buf *out)
{
	static const char *const kind[] = {
		[LT_Q_EXISTS] = "Allowed", [LT_Q_NOT_EXISTS] = "Forbidden",
		[LT_Q_FORALL] = "Required",
	};
	static const char *const quant[] = {
		[LT_Q_EXISTS] = "exists", [LT_Q_NOT_EXISTS] = "~exists",
		[LT_Q_FORALL] = "forall",
	};
	uint64_t p = m->pos, n = m->neg;
	const struct lt_model *md = m->model ? model_lookup(m->model) : NULL;
	const char *flag = md ? md->race_flag : NULL;
	bool undef = m->data_race && !flag;

	lt_buf_printf(out, "Test %s %s\n", t->name, kind[t->quant]);
	lt_buf_printf(out, "States %d\n", m->nstates);
	for (int s = 0; s < m->nstates; s++) {
		const struct lt_value *row = &m->states[(size_t)s * (size_t)t->nobserved];

		for (int k = 0; k < t->nobserved; k++) {
			if (k)
				lt_buf_putc(out, ' ');
			put_var(t, t->observed[k], out);
			lt_buf_putc(out, '=');
			put_value(t, t->observed[k], &row[k], out);
			lt_buf_putc(out, ';');
		}
		lt_buf_putc(out, '\n');
	}
	/* top_herd.ml: an undefined execution turns Ok/No into Undef. */
	lt_buf_puts(out, undef ? "Undef\n" : m->ok ? "Ok\n" : "No\n");
	lt_buf_puts(out, "Witnesses\n");
	/* herd's check_wit: a ~exists test counts its witnesses the other way. */
	if (t->quant == LT_Q_NOT_EXISTS)
		lt_buf_printf(out, "Positive: %" PRIu64 " Negative: %" PRIu64 "\n", n, p);
	else
		lt_buf_printf(out, "Positive: %" PRIu64 " Negative: %" PRIu64 "\n", p, n);
	if (m->data_race)
		lt_buf_printf(out, "Flag %s\n", flag ? flag : "*undef*");
	/* The arch's own model's flag (arch-ops.h herd_flag), when it judged. */
	if (m->nstates && t->arch && t->arch->herd_flag && t->arch->model &&
	    strcmp(t->arch->model, m->model) == 0) {
		const char *aflag = t->arch->herd_flag(t);

		if (aflag)
			lt_buf_printf(out, "Flag %s\n", aflag);
	}
	lt_buf_printf(out, "Condition %s (", quant[t->quant]);
	lt_cond_format(t->cond, put_atom, (void *)t, out);
	lt_buf_puts(out, ")\n");
	lt_buf_printf(out, "Observation %s %s %" PRIu64 " %" PRIu64 "\n", t->name,
		      p == 0 ? "Never" : n == 0 ? "Always" : "Sometimes", p, n);
}
