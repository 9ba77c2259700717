//go:build !purego

#include "textflag.h"
#include "check_avx512_amd64.h"

// alignMin is the least input left after the first block for which the
// main loop starts at a multiple of 64 bytes.
#define alignMin 512

// func validAVX512Asm(p *byte, n int, vbmi bool) bool
//
// n must be at least 67, so that the last 64 bytes have three bytes
// before them. The first block is checked against ASCII before it; later
// blocks load their predecessors from memory. The main loop, moved back
// onto a 64-byte boundary when the input is long (see first), takes 256
// bytes a step, skipping them if they are all ASCII, and tests for errors
// after each mixed step; then come at most one 128-byte and one 64-byte
// step, and a last partial block is checked as the 64 bytes that end the
// input, overlapping bytes already checked. With vbmi, which needs
// AVX512_VBMI, the 256-byte step uses CHECKVBMI; the other blocks, at most
// five a call, use CHECK.
//
// Registers: SI input, CX bytes left, DX end of input, R8 vbmi, R9 start
// of input, Z22, Z21, Z20 and Z16 the blocks being checked, Z17-Z19 their
// predecessors.
TEXT ·validAVX512Asm(SB), NOSPLIT, $0-25
	MOVQ            p+0(FP), SI
	MOVQ            SI, R9
	MOVQ            n+8(FP), CX
	MOVBQZX         vbmi+16(FP), R8
	LEAQ            (SI)(CX*1), DX
	SETUP

	VMOVDQU64 (SI), Z22
	ISASCII(Z22)
	JZ        first
	CHECKFIRST(Z22)

first:
	ADDQ $64, SI
	SUBQ $64, CX

	// Start the main loop at a multiple of 64, where each block is one
	// cache line: one that straddles two costs two reads, and a payload
	// behind a frame header seldom starts on a line. Stepping back checks
	// again up to 63 bytes of the first block, which changes nothing, as
	// errors only accumulate. The predecessors and OPENBEFORE read the 4
	// bytes before the new start, which must be in the input, so input
	// that starts 1 to 3 bytes short of a multiple of 64 stays as it is.
	CMPQ CX, $alignMin
	JB   loop256
	MOVQ SI, AX
	ANDQ $-64, AX
	LEAQ -4(AX), BX
	CMPQ BX, R9
	JB   loop256
	ADDQ SI, CX
	SUBQ AX, CX
	MOVQ AX, SI

loop256:
	CMPQ CX, $256
	JB   step128
	LOAD256
	JZ   ascii256

mixed256:
	CHECK256EITHER(R8)
	ADDQ     $256, SI
	SUBQ     $256, CX
	ANYERRORS
	JZ       loop256
	JMP      invalid

ascii256:
	OPENBEFORE

skip256:
	// What follows ASCII leaves nothing open before it.
	ADDQ $256, SI
	SUBQ $256, CX
	CMPQ CX, $256
	JB   step128
	LOAD256
	JZ   skip256
	JMP  mixed256

step128:
	CMPQ      CX, $128
	JB        step64
	VMOVDQU64 (SI), Z22
	VMOVDQU64 64(SI), Z21
	VPORQ     Z21, Z22, Z17
	ISASCII(Z17)
	JZ        ascii128
	CHECKAT(Z22, 0)
	CHECKAT(Z21, 64)
	JMP       next128

ascii128:
	OPENBEFORE

next128:
	ADDQ $128, SI
	SUBQ $128, CX

step64:
	CMPQ      CX, $64
	JB        last
	VMOVDQU64 (SI), Z22
	ISASCII(Z22)
	JZ        ascii64
	CHECKAT(Z22, 0)
	JMP       next64

ascii64:
	OPENBEFORE

next64:
	ADDQ $64, SI
	SUBQ $64, CX

last:
	TESTQ CX, CX
	JZ    end
	CHECKLAST(end)

end:
	ENDERRORS
	JNZ  invalid
	MOVB $1, ret+24(FP)
	RET

invalid:
	MOVB $0, ret+24(FP)
	RET
