/* SPDX-License-Identifier: MIT */
/*
 * The architectures litmus-run knows (arch/arches.def), and lookups by herd
 * header word, --arch name and the host's own arch.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <strings.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "arches.def"
#include "c/lang.h"
#include "go/lang.h"

#define LT__DECLARE(id, ...) extern const struct lt_arch_ops lt_arch_##id;
LT_ARCH_LIST(LT__DECLARE)

#define LT__ENTRY(id, ...) &lt_arch_##id,
const struct lt_arch_ops *const lt_arches[] = {
	LT_ARCH_LIST(LT__ENTRY)
	NULL
};

/* Target-neutral: a test in a language compiles for any of the above. */
const struct lt_arch_ops *const lt_langs[] = {
	&lt_arch_c,
	&lt_arch_go,
	NULL
};

/* herd architectures litmus-run does not run (yet): herd's header words. */
static const char *const herd_only[] = {
	"ARM", "X86", "MIPS", "LISA", "BPF", "CPP", "OpenCL", "GPU_PTX",
	"JAVA", "ASL", "Bell", NULL
};

/* Whether `word` is one of the space-separated words of `list`. */
static bool in_words(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p; ) {
		size_t k = strcspn(p, " ");

		if (k == n && strncasecmp(p, word, n) == 0)
			return true;
		p += k;
		p += strspn(p, " ");
	}
	return false;
}

const struct lt_arch_ops *lt_arch_by_herd_name(const char *word)
{
	static const struct lt_arch_ops *const *const lists[] = { lt_arches, lt_langs };

	/* herd's header words are case-sensitive ("AArch64", "X86_64"). */
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (int i = 0; lists[l][i]; i++)
			if (strcmp(lists[l][i]->herd, word) == 0)
				return lists[l][i];
	return NULL;
}

bool lt_arch_herd_known(const char *word)
{
	if (lt_arch_by_herd_name(word))
		return true;
	for (int i = 0; herd_only[i]; i++)
		if (strcmp(herd_only[i], word) == 0)
			return true;
	return false;
}

const struct lt_arch_ops *lt_arch_by_name(const char *name)
{
	if (strcasecmp(name, "native") == 0)
		return lt_arch_native();
	for (int i = 0; lt_arches[i]; i++) {
		const struct lt_arch_ops *a = lt_arches[i];

		if (strcasecmp(a->name, name) == 0 ||
		    strcasecmp(a->herd, name) == 0 || in_words(a->aliases, name))
			return a;
	}
	return NULL;
}

const struct lt_arch_ops *lt_arch_native(void)
{
	/* The same choice as arch/arch.h makes for the kernels. */
#ifdef LT_ARCH_NATIVE
#define LT__NATIVE(id) LT__NATIVE_(id)
#define LT__NATIVE_(id) &lt_arch_##id
	return LT__NATIVE(LT_ARCH_NATIVE);
#else
	return NULL;
#endif
}
