//go:build !purego

#include "textflag.h"

// The vector check and its three lookup tables are those of
// valid_amd64.s, where the error bits of the tables and the test for two
// continuation bytes in a row are explained; here they work on 16-byte
// NEON registers. Any bit that survives is an error. The Go
// assembler has no UQSUB (unsigned saturating subtract), so it is spelled
// as WORD, with the instruction it encodes beside it.

DATA b1h<>+0(SB)/8, $0x0202020202020202
DATA b1h<>+8(SB)/8, $0x4915012180808080
GLOBL b1h<>(SB), RODATA|NOPTR, $16

DATA b1l<>+0(SB)/8, $0xcbcbcb8b8383a3e7
DATA b1l<>+8(SB)/8, $0xcbcbdbcbcbcbcbcb
GLOBL b1l<>(SB), RODATA|NOPTR, $16

DATA b2h<>+0(SB)/8, $0x0101010101010101
DATA b2h<>+8(SB)/8, $0x01010101babaaee6
GLOBL b2h<>(SB), RODATA|NOPTR, $16

// A block minus this, saturated, is non-zero iff its last three bytes
// start a code point that continues past the block.
DATA open<>+0(SB)/8, $0xffffffffffffffff
DATA open<>+8(SB)/8, $0xbfdfefffffffffff
GLOBL open<>(SB), RODATA|NOPTR, $16

// CHECK ORs into V24 the errors of block cur given the block prev before
// it. It uses V4-V6 and the constants in V16-V22; EXT shifts in each byte's
// predecessors (one, two and three back) from prev. Its two WORDs are
// UQSUB V5.16B, V5.16B, V17.16B and UQSUB V6.16B, V6.16B, V18.16B.
#define CHECK(cur, prev) \
	VEXT  $15, cur.B16, prev.B16, V4.B16 \
	VEXT  $14, cur.B16, prev.B16, V5.B16 \
	VEXT  $13, cur.B16, prev.B16, V6.B16 \
	WORD  $0x6e312ca5 \
	WORD  $0x6e322cc6 \
	VORR  V6.B16, V5.B16, V5.B16 \
	VAND  V19.B16, V5.B16, V5.B16 \
	VUSHR $4, V4.B16, V6.B16 \
	VTBL  V6.B16, [V20.B16], V6.B16 \
	VAND  V16.B16, V4.B16, V4.B16 \
	VTBL  V4.B16, [V21.B16], V4.B16 \
	VAND  V4.B16, V6.B16, V6.B16 \
	VUSHR $4, cur.B16, V4.B16 \
	VTBL  V4.B16, [V22.B16], V4.B16 \
	VAND  V4.B16, V6.B16, V6.B16 \
	VEOR  V5.B16, V6.B16, V6.B16 \
	VORR  V6.B16, V24.B16, V24.B16


// func validNEONAsm(p *byte, n int) bool
//
// n must be at least 32. The first block is checked against ASCII before
// it. A last partial block is checked as the 16 bytes that end the input,
// overlapping bytes already checked, after the 16 bytes before them.
//
// Registers: R0 input, R1 bytes left, V24 accumulated errors, V25 non-zero
// when the block before left a code point open, V26 the block before.
TEXT ·validNEONAsm(SB), NOSPLIT, $0-17
	MOVD  p+0(FP), R0
	MOVD  n+8(FP), R1
	VMOVI $0x0f, V16.B16
	VMOVI $0x60, V17.B16 // 0xE0 - 0x80: minus this, saturated, has 0x80 iff E0..FF
	VMOVI $0x70, V18.B16 // 0xF0 - 0x80: minus this, saturated, has 0x80 iff F0..FF
	VMOVI $0x80, V19.B16
	MOVD  $b1h<>(SB), R2
	VLD1  (R2), [V20.B16]
	MOVD  $b1l<>(SB), R2
	VLD1  (R2), [V21.B16]
	MOVD  $b2h<>(SB), R2
	VLD1  (R2), [V22.B16]
	MOVD  $open<>(SB), R2
	VLD1  (R2), [V23.B16]
	VEOR  V24.B16, V24.B16, V24.B16
	VEOR  V25.B16, V25.B16, V25.B16
	VEOR  V26.B16, V26.B16, V26.B16
	MOVD  $0x8080808080808080, R5

loop64:
	CMP    $64, R1
	BLT    loop16
	VLD1.P 64(R0), [V0.B16, V1.B16, V2.B16, V3.B16]
	SUB    $64, R1
	VORR   V0.B16, V1.B16, V4.B16
	VORR   V2.B16, V3.B16, V5.B16
	VORR   V4.B16, V5.B16, V4.B16
	VMOV   V4.D[0], R2
	VMOV   V4.D[1], R3
	ORR    R2, R3, R2
	TST    R5, R2
	BNE    mixed64

	// 64 bytes of ASCII: a code point left open before them is cut short.
	VORR V25.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	B    loop64

mixed64:
	CHECK(V0, V26)
	CHECK(V1, V0)
	CHECK(V2, V1)
	CHECK(V3, V2)
	WORD $0x6e372c79 // UQSUB V25.16B, V3.16B, V23.16B: has V3 left a code point open?
	VMOV V3.B16, V26.B16
	VMOV V24.D[0], R2
	VMOV V24.D[1], R3
	ORR  R2, R3, R2
	CBNZ R2, invalid
	B    loop64

loop16:
	CMP    $16, R1
	BLT    partial
	VLD1.P 16(R0), [V0.B16]
	SUB    $16, R1
	VMOV   V0.D[0], R2
	VMOV   V0.D[1], R3
	ORR    R2, R3, R2
	TST    R5, R2
	BNE    mixed16
	VORR   V25.B16, V24.B16, V24.B16
	VEOR   V25.B16, V25.B16, V25.B16
	VEOR   V26.B16, V26.B16, V26.B16
	B      loop16

mixed16:
	CHECK(V0, V26)
	WORD $0x6e372c19 // UQSUB V25.16B, V0.16B, V23.16B: has V0 left a code point open?
	VMOV V0.B16, V26.B16
	B    loop16

partial:
	CBZ    R1, end
	ADD    R1, R0, R2
	SUB    $32, R2
	VLD1   (R2), [V26.B16, V27.B16]
	VMOV   V27.D[0], R2
	VMOV   V27.D[1], R3
	ORR    R2, R3, R2
	TST    R5, R2
	BNE    mixedlast
	VORR   V25.B16, V24.B16, V24.B16
	B      done

mixedlast:
	// The block overlaps the one before, whose open code point this
	// check covers; what counts now is whether this one leaves one open.
	CHECK(V27, V26)
	WORD $0x6e372f79 // UQSUB V25.16B, V27.16B, V23.16B: does the input end inside a code point?

end:
	// The input must not end inside a code point.
	VORR V25.B16, V24.B16, V24.B16

done:
	VMOV V24.D[0], R2
	VMOV V24.D[1], R3
	ORR  R2, R3, R2
	CBNZ R2, invalid
	MOVD $1, R2
	MOVB R2, ret+16(FP)
	RET

invalid:
	MOVB ZR, ret+16(FP)
	RET
