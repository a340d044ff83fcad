/* SPDX-License-Identifier: MIT */
/*
 * Sequential consistency (L. Lamport, "How to make a multiprocessor computer
 * that correctly executes multiprocess programs", IEEE Trans. Computers
 * C-28(9), 1979), in the axiomatic form of herd's sc.cat (J. Alglave,
 * L. Maranget, M. Tautschnig, "Herding cats", TOPLAS 36(2), 2014, sec. 4.7):
 *
 *	acyclic po | rf | co | fr as sc
 */
#include "config.h"

#include "model/cand.h"

static bool sc_consistent(const struct lt_cand *c)
{
	struct lt_rel sc;

	/* po | com, com = rf | co | fr */
	for (int i = 0; i < c->n; i++)
		sc.r[i] = c->po.r[i] | c->rf.r[i] | c->co.r[i] | c->fr.r[i];
	return rel_acyclic(c, &sc);
}

const struct lt_model lt_model_sc = {
	.name = "sc",
	.citation = "Lamport 1979; herd sc.cat",
	.arches = NULL,		/* every arch's programs have an SC semantics */
	.uniproc = true,
	.consistent = sc_consistent,
};
