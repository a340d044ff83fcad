/* SPDX-License-Identifier: MIT */
/*
 * The architectures litmus-run knows, and lookups by herd header word,
 * --arch name and the host's own arch.
 */
#include "config.h"

#include <stddef.h>
#include <strings.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "aarch64/isa.h"
#include "c/lang.h"
#include "ppc64le/isa.h"
#include "riscv64/isa.h"
#include "x86_64/isa.h"

const struct lt_arch_ops *const lt_arches[] = {
	&lt_arch_x86_64,
	&lt_arch_aarch64,
	&lt_arch_ppc64le,
	&lt_arch_riscv64,
	NULL
};

/* Target-neutral: a test in a language compiles for any of the above. */
const struct lt_arch_ops *const lt_langs[] = {
	&lt_arch_c,
	NULL
};

const struct lt_arch_ops *lt_arch_by_herd_name(const char *word)
{
	static const struct lt_arch_ops *const *const lists[] = { lt_arches, lt_langs };
	const char *const *n;

	/* herd's header words are case-sensitive ("AArch64", "X86_64"). */
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (int i = 0; lists[l][i]; i++)
			for (n = lists[l][i]->herd_names; *n; n++)
				if (strcmp(*n, word) == 0)
					return lists[l][i];
	return NULL;
}

const struct lt_arch_ops *lt_arch_by_name(const char *name)
{
	const char *const *n;
	int i;

	if (strcasecmp(name, "native") == 0)
		return lt_arch_native();
	for (i = 0; lt_arches[i]; i++) {
		if (strcasecmp(lt_arches[i]->name, name) == 0)
			return lt_arches[i];
		for (n = lt_arches[i]->aliases; *n; n++)
			if (strcasecmp(*n, name) == 0)
				return lt_arches[i];
	}
	return NULL;
}

const struct lt_arch_ops *lt_arch_native(void)
{
	/* Same dispatch as arch/arch.h. */
#if defined(__x86_64__)
	return &lt_arch_x86_64;
#elif defined(__aarch64__)
	return &lt_arch_aarch64;
#elif defined(__powerpc64__)
	return &lt_arch_ppc64le;
#elif defined(__riscv) && __riscv_xlen == 64
	return &lt_arch_riscv64;
#else
	return NULL;
#endif
}
