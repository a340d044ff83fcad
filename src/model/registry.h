/* SPDX-License-Identifier: MIT */
/* The models litmus-run knows, by name (src/model/model.c). */
#ifndef LT_MODEL_REGISTRY_H
#define LT_MODEL_REGISTRY_H

#include "model/cand.h"

/* The model called name, or NULL. */
const struct lt_model *model_lookup(const char *name);

#endif /* LT_MODEL_REGISTRY_H */
