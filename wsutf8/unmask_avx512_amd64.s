//go:build !purego

#include "textflag.h"
#include "check_avx512_amd64.h"

// ahead is how far unmasking runs ahead of the check: far enough that the
// stores of a block have reached the cache when the check loads it (its
// predecessors start 1 to 3 bytes before it, so no one store could
// forward them), and near enough that the block is still in L1.
#define ahead 2048

// UNMASKAT unmasks the block at off(DI) in place with the key word at
// (R11), broadcast to every 4 bytes: all the vector registers the check
// leaves are taken. It overwrites Z17, which the check uses only after
// it.
#define UNMASKAT(off) \
	VMOVDQU64   off(DI), Z17 \
	VPXORD.BCST (R11), Z17, Z17 \
	VMOVDQU64   Z17, off(DI)

#define UNMASK256 \
	UNMASKAT(0) \
	UNMASKAT(64) \
	UNMASKAT(128) \
	UNMASKAT(192)

// func unmaskValidAVX512Asm(p *byte, n int, key uint32, head int, vbmi bool) bool
//
// The n bytes at p are masked, except the first head, which the caller
// unmasked so that p+head is a multiple of 64; key is the key word for
// the byte at p+head. It unmasks the rest in place, and reports whether
// all n bytes are then valid UTF-8. n must be at least head+ahead.
//
// Unmasking runs ahead of the check by ahead bytes, 256 a step, so that
// the two share the time of a single pass: unmasking waits for memory
// and the check for the vector units. The check itself is that of
// validAVX512Asm, on a main loop that starts after the first block (see
// first); blocks left when unmasking reaches the end are checked 64 bytes
// at a time with CHECK, and a last partial block as the 64 bytes that end
// the input. Once the check finds an error it stops, and the rest is only
// unmasked.
//
// Registers: DI the next byte to unmask, SI the next byte to check, DX
// end of input, BX a loop bound, R8 head, R9 vbmi, R11 the address of
// key, Z22, Z21, Z20 and Z16 the blocks being checked, Z17-Z19 their
// predecessors.
TEXT ·unmaskValidAVX512Asm(SB), NOSPLIT, $0-41
	MOVQ    p+0(FP), SI
	MOVQ    n+8(FP), DX
	ADDQ    SI, DX
	MOVQ    head+24(FP), R8
	MOVBQZX vbmi+32(FP), R9
	LEAQ    key+16(FP), R11
	SETUP

	LEAQ (SI)(R8*1), DI
	LEAQ ahead(DI), BX

lead:
	UNMASK256
	ADDQ $256, DI
	CMPQ DI, BX
	JB   lead

	VMOVDQU64 (SI), Z22
	ISASCII(Z22)
	JZ        first
	CHECKFIRST(Z22)

first:
	// The main loop checks from p+head, a multiple of 64, unless that
	// leaves fewer than the 4 bytes before it in the input that the
	// predecessors and OPENBEFORE read; then from p+64.
	CMPQ R8, $4
	JAE  fromHead
	MOVQ $64, R8

fromHead:
	ADDQ R8, SI
	LEAQ -256(DX), BX

loop256:
	CMPQ  DI, BX
	JA    unmaskRest
	UNMASK256
	ADDQ  $256, DI
	LOAD256
	JZ    ascii256
	CHECK256EITHER(R9)
	ADDQ     $256, SI
	ANYERRORS
	JZ       loop256
	JMP      unmaskRest

ascii256:
	// Unlike validAVX512Asm, which tests this once per run of ASCII, the
	// loop tests each ASCII step: three instructions cost less than the
	// bookkeeping.
	OPENBEFORE
	ADDQ $256, SI
	JMP  loop256

unmaskRest:
	LEAQ -64(DX), BX

unmask64:
	CMPQ DI, BX
	JA   unmaskTail
	UNMASKAT(0)
	ADDQ $64, DI
	JMP  unmask64

unmaskTail:
	// Fewer than 64 bytes are left: a byte mask keeps the load and the
	// store inside them.
	MOVQ        DX, CX
	SUBQ        DI, CX
	JZ          checkRest
	MOVQ        $-1, AX
	SHLQ        CX, AX
	NOTQ        AX
	KMOVQ       AX, K1
	VMOVDQU8.Z  (DI), K1, Z17
	VPXORD.BCST (R11), Z17, Z17
	VMOVDQU8    Z17, K1, (DI)

checkRest:
	// An error found already ends the check.
	ANYERRORS
	JNZ  invalid
	LEAQ -64(DX), BX

check64:
	CMPQ      SI, BX
	JA        last
	VMOVDQU64 (SI), Z22
	ISASCII(Z22)
	JZ        ascii64
	CHECKAT(Z22, 0)
	ADDQ      $64, SI
	JMP       check64

ascii64:
	OPENBEFORE
	ADDQ $64, SI
	JMP  check64

last:
	CMPQ SI, DX
	JAE  end
	CHECKLAST(end)

end:
	ENDERRORS
	JNZ  invalid
	MOVB $1, ret+40(FP)
	RET

invalid:
	MOVB $0, ret+40(FP)
	RET
