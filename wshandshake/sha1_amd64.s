//go:build !purego

#include "textflag.h"

// The SHA-1 compression function (FIPS 180-4 §6.1.2) with the x86 SHA
// extensions. X0 holds A, B, C, D (A in the top lane), X1 and X2 take turns
// holding E for the next four rounds (in the top lane, with the message
// words below it), X3-X6 hold the sixteen message words of the schedule in
// turn, W[4k..4k+3] in X3+k%4 (W[4k] in the top lane), X7 the byte order
// shuffle, X8 and X9 the state at the start of the block.

// bswapMask reverses the sixteen bytes of a register, so that four
// big-endian message words land with the first in the top lane.
DATA bswapMask<>+0(SB)/8, $0x08090a0b0c0d0e0f
DATA bswapMask<>+8(SB)/8, $0x0001020304050607
GLOBL bswapMask<>(SB), RODATA|NOPTR, $16

// ROUNDS4 runs the four rounds of W[4k..4k+3], held in w, with the round
// function f: it adds E from e into w, keeps A in next as the E of the
// next four rounds, and moves the schedule on, finishing the words in w1
// (SHA1MSG2), starting those in w3 (SHA1MSG1) and adding w into w2.
#define ROUNDS4(f, e, next, w, w1, w2, w3) \
	SHA1NEXTE w, e \
	MOVO      X0, next \
	SHA1MSG2  w, w1 \
	SHA1RNDS4 $f, e, X0 \
	SHA1MSG1  w, w3 \
	PXOR      w, w2

// func sha1BlocksSHANI(h *[5]uint32, p []byte)
TEXT ·sha1BlocksSHANI(SB), NOSPLIT, $0-32
	MOVQ      h+0(FP), DI
	MOVQ      p_base+8(FP), SI
	MOVQ      p_len+16(FP), DX
	SHRQ      $6, DX
	JZ        done
	MOVOU     (DI), X0
	PSHUFD    $0x1b, X0, X0
	PXOR      X1, X1
	PINSRD    $3, 16(DI), X1
	MOVOU     bswapMask<>(SB), X7

block:
	MOVO      X0, X8
	MOVO      X1, X9

	// rounds 0-3
	MOVOU     0(SI), X3
	PSHUFB    X7, X3
	PADDD     X3, X1
	MOVO      X0, X2
	SHA1RNDS4 $0, X1, X0

	// rounds 4-7
	MOVOU     16(SI), X4
	PSHUFB    X7, X4
	SHA1NEXTE X4, X2
	MOVO      X0, X1
	SHA1RNDS4 $0, X2, X0
	SHA1MSG1  X4, X3

	// rounds 8-11
	MOVOU     32(SI), X5
	PSHUFB    X7, X5
	SHA1NEXTE X5, X1
	MOVO      X0, X2
	SHA1RNDS4 $0, X1, X0
	SHA1MSG1  X5, X4
	PXOR      X5, X3

	// rounds 12-15
	MOVOU     48(SI), X6
	PSHUFB    X7, X6
	ROUNDS4(0, X2, X1, X6, X3, X4, X5)

	// rounds 16-19
	ROUNDS4(0, X1, X2, X3, X4, X5, X6)

	// rounds 20-23
	ROUNDS4(1, X2, X1, X4, X5, X6, X3)

	// rounds 24-27
	ROUNDS4(1, X1, X2, X5, X6, X3, X4)

	// rounds 28-31
	ROUNDS4(1, X2, X1, X6, X3, X4, X5)

	// rounds 32-35
	ROUNDS4(1, X1, X2, X3, X4, X5, X6)

	// rounds 36-39
	ROUNDS4(1, X2, X1, X4, X5, X6, X3)

	// rounds 40-43
	ROUNDS4(2, X1, X2, X5, X6, X3, X4)

	// rounds 44-47
	ROUNDS4(2, X2, X1, X6, X3, X4, X5)

	// rounds 48-51
	ROUNDS4(2, X1, X2, X3, X4, X5, X6)

	// rounds 52-55
	ROUNDS4(2, X2, X1, X4, X5, X6, X3)

	// rounds 56-59
	ROUNDS4(2, X1, X2, X5, X6, X3, X4)

	// rounds 60-63
	ROUNDS4(3, X2, X1, X6, X3, X4, X5)

	// rounds 64-67
	ROUNDS4(3, X1, X2, X3, X4, X5, X6)

	// rounds 68-71
	SHA1NEXTE X4, X2
	MOVO      X0, X1
	SHA1MSG2  X4, X5
	SHA1RNDS4 $3, X2, X0
	PXOR      X4, X6

	// rounds 72-75
	SHA1NEXTE X5, X1
	MOVO      X0, X2
	SHA1MSG2  X5, X6
	SHA1RNDS4 $3, X1, X0

	// rounds 76-79
	SHA1NEXTE X6, X2
	MOVO      X0, X1
	SHA1RNDS4 $3, X2, X0

	// E for the next block: A turned by 30 bits, plus E at the start.
	SHA1NEXTE X9, X1
	PADDD     X8, X0
	ADDQ      $64, SI
	DECQ      DX
	JNZ       block

	PSHUFD    $0x1b, X0, X0
	MOVOU     X0, (DI)
	PEXTRD    $3, X1, AX
	MOVL      AX, 16(DI)

done:
	RET
