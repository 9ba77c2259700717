//go:build !purego

#include "textflag.h"

// All mask functions take (b []byte, key uint32), key being the key word
// for b[0] (see phaseKey), and load DI = &b[0], SI = len(b), AX = key,
// R8 = AX twice.
// Each masks whole vectors, then a tail shorter than a vector with one (32-,)
// 16-, 8-, 4-, 2- and 1-byte step for each bit set in the remaining length
// (memory-operand XORs for the scalar steps). Every byte is stored once:
// overlapping stores would save instructions, but a later load spanning two
// of them (as when a buffer is masked, then unmasked) cannot take its data
// from the store buffer and stalls until they reach the cache.

// func maskVector(b []byte, key uint32)
//
// maskVector jumps to the path chosen at start-up; the jump leaves the
// caller's arguments in place for it, so masking costs one call from Go
// whatever the size. Up to 16 bytes go to the SSE2 path, which masks them
// with its scalar steps alone, while the wider paths first broadcast the
// key and size up their loops.
TEXT ·maskVector(SB), NOSPLIT, $0-28
	CMPQ b_len+8(FP), $16
	JLS  sse2
	CMPB ·useAVX512(SB), $0
	JEQ  2(PC)
	JMP  ·maskAVX512(SB)
	CMPB ·useAVX2(SB), $0
	JEQ  2(PC)
	JMP  ·maskAVX2(SB)

sse2:
	JMP ·maskSSE2(SB)

// func maskSSE2(b []byte, key uint32)
TEXT ·maskSSE2(SB), NOSPLIT, $0-28
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), SI
	MOVL key+24(FP), AX
	MOVL AX, R8
	SHLQ $32, R8
	ORQ  AX, R8
	CMPQ SI, $16
	JB   tail8
	JA   vector

	// Exactly 16 bytes, as in a small message: two scalar steps cost
	// less than setting up a vector.
	XORQ R8, (DI)
	XORQ R8, 8(DI)
	RET

vector:
	MOVQ       R8, X0
	PUNPCKLQDQ X0, X0

loop64:
	CMPQ  SI, $64
	JB    loop16
	MOVOU (DI), X1
	MOVOU 16(DI), X2
	MOVOU 32(DI), X3
	MOVOU 48(DI), X4
	PXOR  X0, X1
	PXOR  X0, X2
	PXOR  X0, X3
	PXOR  X0, X4
	MOVOU X1, (DI)
	MOVOU X2, 16(DI)
	MOVOU X3, 32(DI)
	MOVOU X4, 48(DI)
	ADDQ  $64, DI
	SUBQ  $64, SI
	JMP   loop64

loop16:
	CMPQ  SI, $16
	JB    tail8
	MOVOU (DI), X1
	PXOR  X0, X1
	MOVOU X1, (DI)
	ADDQ  $16, DI
	SUBQ  $16, SI
	JMP   loop16

tail8:
	JMP maskTail<>(SB)

// func maskAVX2(b []byte, key uint32)
TEXT ·maskAVX2(SB), NOSPLIT, $0-28
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), SI
	MOVL key+24(FP), AX
	MOVL AX, R8
	SHLQ $32, R8
	ORQ  AX, R8
	CMPQ SI, $16
	JB   stail8

	VMOVQ        R8, X0
	VPBROADCASTQ X0, Y0
	XORL         R10, R10
	CMPQ         SI, $128
	JB           short
	CMPQ         SI, $256
	JB           loop128

	// Long, unaligned buffers: mask the first 32 bytes now but store them
	// last, step DI to the next 32-byte boundary and turn the key to that
	// offset, so the loop stores aligned vectors. The head overlaps the
	// loop's first store; both hold the same bytes, computed from the
	// original data, which the head read before any store. R10 is the head's
	// address, or 0 when there is no head.
	MOVQ  DI, CX
	NEGQ  CX
	ANDQ  $31, CX
	JZ    loop128
	MOVQ  DI, R10
	VPXOR (DI), Y0, Y5
	ADDQ  CX, DI
	SUBQ  CX, SI
	ANDL $3, CX
	SHLL $3, CX
	RORL CX, AX
	MOVL AX, R8
	SHLQ $32, R8
	ORQ  AX, R8
	VMOVQ        R8, X0
	VPBROADCASTQ X0, Y0

loop128:
	CMPQ    SI, $128
	JB      loop32
	VPXOR   (DI), Y0, Y1
	VPXOR   32(DI), Y0, Y2
	VPXOR   64(DI), Y0, Y3
	VPXOR   96(DI), Y0, Y4
	VMOVDQU Y1, (DI)
	VMOVDQU Y2, 32(DI)
	VMOVDQU Y3, 64(DI)
	VMOVDQU Y4, 96(DI)
	ADDQ    $128, DI
	SUBQ    $128, SI
	JMP     loop128

loop32:
	CMPQ    SI, $32
	JB      tail16
	VPXOR   (DI), Y0, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, DI
	SUBQ    $32, SI
	JMP     loop32

short:
	// Under 128 bytes: one step for each bit of the length, no loop.
	TESTQ   $64, SI
	JZ      short32
	VPXOR   (DI), Y0, Y1
	VPXOR   32(DI), Y0, Y2
	VMOVDQU Y1, (DI)
	VMOVDQU Y2, 32(DI)
	ADDQ    $64, DI

short32:
	TESTQ   $32, SI
	JZ      tail16
	VPXOR   (DI), Y0, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, DI

tail16:
	TESTQ   $16, SI
	JZ      tail8
	VPXOR   (DI), X0, X1
	VMOVDQU X1, (DI)
	ADDQ    $16, DI

tail8:
	// The head, stored last, lies before the tail's bytes: a long
	// buffer's tail starts at least 224 bytes after it.
	TESTQ   R10, R10
	JZ      2(PC)
	VMOVDQU Y5, (R10)
	VZEROUPPER

stail8:
	JMP maskTail<>(SB)

// func maskAVX512(b []byte, key uint32)
//
// Only X16-X31, Y16-Y31 and Z16-Z31 are used: legacy SSE code cannot see
// them, so no VZEROUPPER is needed on return. Short tails use the same
// scalar steps as the other paths rather than a masked store: a load that
// reads from a recent masked store cannot take its data from the store
// buffer, which made masking a short buffer twice several times slower.
TEXT ·maskAVX512(SB), NOSPLIT, $0-28
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), SI
	MOVL key+24(FP), AX
	MOVL AX, R8
	SHLQ $32, R8
	ORQ  AX, R8
	CMPQ         SI, $16
	JB           tail8
	VPBROADCASTQ R8, Z16
	CMPQ         SI, $128
	JB           short
	CMPQ         SI, $512
	JB           loop256

	// Long buffers: mask the bytes up to the next 64-byte boundary with one
	// masked step (its cost is spread over at least 512 bytes), then turn
	// the key to that offset, so the loop stores aligned vectors.
	MOVQ         DI, CX
	NEGQ         CX
	ANDQ         $63, CX
	JZ           loop256
	MOVQ         $-1, R9
	BZHIQ        CX, R9, R9
	KMOVQ        R9, K1
	VMOVDQU8.Z   (DI), K1, Z17
	VPXORQ       Z16, Z17, Z17
	VMOVDQU8     Z17, K1, (DI)
	ADDQ         CX, DI
	SUBQ         CX, SI
	ANDL $3, CX
	SHLL $3, CX
	RORL CX, AX
	MOVL AX, R8
	SHLQ $32, R8
	ORQ  AX, R8
	VPBROADCASTQ R8, Z16

loop256:
	CMPQ      SI, $256
	JB        loop64
	VPXORQ    (DI), Z16, Z20
	VPXORQ    64(DI), Z16, Z21
	VPXORQ    128(DI), Z16, Z22
	VPXORQ    192(DI), Z16, Z23
	VMOVDQU64 Z20, (DI)
	VMOVDQU64 Z21, 64(DI)
	VMOVDQU64 Z22, 128(DI)
	VMOVDQU64 Z23, 192(DI)
	ADDQ      $256, DI
	SUBQ      $256, SI
	JMP       loop256

loop64:
	CMPQ      SI, $64
	JB        tail32
	VPXORQ    (DI), Z16, Z20
	VMOVDQU64 Z20, (DI)
	ADDQ      $64, DI
	SUBQ      $64, SI
	JMP       loop64

short:
	// Under 128 bytes: one step for each bit of the length, no loop.
	TESTQ     $64, SI
	JZ        tail32
	VPXORQ    (DI), Z16, Z20
	VMOVDQU64 Z20, (DI)
	ADDQ      $64, DI

tail32:
	TESTQ     $32, SI
	JZ        tail16
	VPXORQ    (DI), Y16, Y20
	VMOVDQU64 Y20, (DI)
	ADDQ      $32, DI

tail16:
	TESTQ     $16, SI
	JZ        tail8
	VPXORQ    (DI), X16, X20
	VMOVDQU64 X20, (DI)
	ADDQ      $16, DI

tail8:
	JMP maskTail<>(SB)

// maskTail masks the last len&15 bytes of a buffer, DI pointing at them and
// SI holding the remaining length (only its low four bits count), with one
// 8-, 4-, 2- and 1-byte step for each bit set, AX the key word for the
// byte at DI and R8 that word twice. Every path ends here.
TEXT maskTail<>(SB), NOSPLIT|NOFRAME, $0
	TESTQ $8, SI
	JZ    tail4
	XORQ  R8, (DI)
	ADDQ  $8, DI

tail4:
	TESTQ $4, SI
	JZ    tail2
	XORL  AX, (DI)
	ADDQ  $4, DI

tail2:
	TESTQ $2, SI
	JZ    tail1
	XORW  AX, (DI)
	ADDQ  $2, DI
	SHRL  $16, AX

tail1:
	TESTQ $1, SI
	JZ    done
	XORB  AL, (DI)

done:
	RET
