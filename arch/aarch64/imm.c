/* SPDX-License-Identifier: MIT */
/*
 * AArch64: which immediates one instruction can encode, as GNU as sees
 * them (a litmus test must write anything else out in several).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>

#include "isa.h"

/*
 * A logical immediate (Arm ARM C6.2, AND (immediate), DecodeBitMasks): a
 * rotated run of ones, replicated over 2, 4, ... or 64-bit elements; all
 * zeros and all ones are not encodable.
 */
bool a64_bitmask_imm(uint64_t v, unsigned width)
{
	unsigned e, i;

	if (width == 32) {
		v &= 0xffffffffu;
		v |= v << 32;
	}
	if (v == 0 || v == ~(uint64_t)0)
		return false;
	for (e = 2; e <= 64; e *= 2) {
		uint64_t mask = e == 64 ? ~(uint64_t)0 : ((uint64_t)1 << e) - 1;
		uint64_t elt = v & mask, x;
		bool rep = true;

		for (i = e; i < 64; i += e)
			if (((v >> i) & mask) != elt)
				rep = false;
		if (!rep)
			continue;
		if (elt == 0 || elt == mask)
			return false;
		/* A run wrapping around the element is a run of zeros inside. */
		x = (elt & 1) && (elt >> (e - 1)) ? ~elt & mask : elt;
		x >>= __builtin_ctzll(x);
		return (x & (x + 1)) == 0;
	}
	return false;
}

/* One 16-bit chunk, shifted: what MOVZ writes (Arm ARM C6.2, MOVZ). */
static bool movz_imm(uint64_t v, unsigned width)
{
	unsigned s;

	for (s = 0; s < width; s += 16)
		if ((v & ~((uint64_t)0xffff << s)) == 0)
			return true;
	return false;
}

/*
 * MOV #imm is an alias of MOVZ, MOVN or ORR (Arm ARM C6.2, MOV (wide
 * immediate), MOV (inverted wide immediate), MOV (bitmask immediate));
 * GNU as picks the one that encodes the value.  Anything else needs two
 * instructions, which a litmus test must write out itself.
 */
bool a64_mov_imm(int64_t imm, unsigned width)
{
	uint64_t mask = width == 64 ? ~(uint64_t)0 : 0xffffffffu;
	uint64_t v = (uint64_t)imm & mask;

	return movz_imm(v, width) || movz_imm(~v & mask, width) ||
	       a64_bitmask_imm(v, width);
}
