//go:build !purego

#include "textflag.h"

// The vector check follows Keiser and Lemire, "Validating UTF-8 In Less
// Than One Instruction Per Byte" (2021). Every byte is classified together
// with the byte before it by three table lookups, on the high and low
// nibbles of the previous byte and the high nibble of the current one.
// Each table entry is a set of error bits; a bit that survives the AND of
// all three lookups is an error in that pair:
//
//	0x01 a lead byte not followed by a continuation byte (too short)
//	0x02 a continuation byte after ASCII (too long)
//	0x04 E0 followed by 80..9F (overlong three-byte form)
//	0x08 F4 followed by 90..BF, or F5..FF followed by 90..BF (too large)
//	0x10 ED followed by A0..BF (surrogate)
//	0x20 C0 or C1 followed by a continuation byte (overlong two-byte form)
//	0x40 F0 followed by 80..8F (overlong four-byte form), or F5..FF
//	     followed by 80..8F (too large)
//	0x80 two continuation bytes in a row
//
// Two continuation bytes in a row are correct exactly when the byte two
// back is E0..FF or the byte three back is F0..FF; saturating subtraction
// turns those conditions into bit 0x80, which the XOR cancels against
// bit 0x80 of the lookups. Any other surviving bit is an error.
//
// The three tables and openTail are package symbols rather than local to
// this file because the AVX-512 code in valid_avx512_amd64.s uses them too.

DATA ·b1h+0(SB)/8, $0x0202020202020202
DATA ·b1h+8(SB)/8, $0x4915012180808080
DATA ·b1h+16(SB)/8, $0x0202020202020202
DATA ·b1h+24(SB)/8, $0x4915012180808080
GLOBL ·b1h(SB), RODATA|NOPTR, $32

DATA ·b1l+0(SB)/8, $0xcbcbcb8b8383a3e7
DATA ·b1l+8(SB)/8, $0xcbcbdbcbcbcbcbcb
DATA ·b1l+16(SB)/8, $0xcbcbcb8b8383a3e7
DATA ·b1l+24(SB)/8, $0xcbcbdbcbcbcbcbcb
GLOBL ·b1l(SB), RODATA|NOPTR, $32

DATA ·b2h+0(SB)/8, $0x0101010101010101
DATA ·b2h+8(SB)/8, $0x01010101babaaee6
DATA ·b2h+16(SB)/8, $0x0101010101010101
DATA ·b2h+24(SB)/8, $0x01010101babaaee6
GLOBL ·b2h(SB), RODATA|NOPTR, $32

DATA nibble<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nibble<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nibble<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nibble<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL nibble<>(SB), RODATA|NOPTR, $32

// 0xE0 - 0x80: a byte minus this, saturated, has bit 0x80 iff it is E0..FF.
DATA third<>+0(SB)/8, $0x6060606060606060
DATA third<>+8(SB)/8, $0x6060606060606060
DATA third<>+16(SB)/8, $0x6060606060606060
DATA third<>+24(SB)/8, $0x6060606060606060
GLOBL third<>(SB), RODATA|NOPTR, $32

// 0xF0 - 0x80: a byte minus this, saturated, has bit 0x80 iff it is F0..FF.
DATA fourth<>+0(SB)/8, $0x7070707070707070
DATA fourth<>+8(SB)/8, $0x7070707070707070
DATA fourth<>+16(SB)/8, $0x7070707070707070
DATA fourth<>+24(SB)/8, $0x7070707070707070
GLOBL fourth<>(SB), RODATA|NOPTR, $32

DATA high<>+0(SB)/8, $0x8080808080808080
DATA high<>+8(SB)/8, $0x8080808080808080
DATA high<>+16(SB)/8, $0x8080808080808080
DATA high<>+24(SB)/8, $0x8080808080808080
GLOBL high<>(SB), RODATA|NOPTR, $32

// A block minus this, saturated, is non-zero iff its last three bytes
// start a code point that continues past the block: a lead byte in the
// last byte, a three- or four-byte lead in the one before, a four-byte
// lead in the third last.
DATA ·openTail+0(SB)/8, $0xffffffffffffffff
DATA ·openTail+8(SB)/8, $0xffffffffffffffff
DATA ·openTail+16(SB)/8, $0xffffffffffffffff
DATA ·openTail+24(SB)/8, $0xbfdfefffffffffff
GLOBL ·openTail(SB), RODATA|NOPTR, $32

// CHECK ORs into Y5 the errors of block cur, given its bytes' predecessors
// one, two and three back in p1, p2 and p3, which it overwrites. It uses
// Y1 and the constants in Y9-Y15.
#define CHECK(cur, p1, p2, p3) \
	VPSUBUSB Y11, p2, p2 \
	VPSUBUSB Y10, p3, p3 \
	VPOR     p3, p2, p2 \
	VPAND    Y9, p2, p2 \
	VPSRLW   $4, p1, Y1 \
	VPAND    Y15, Y1, Y1 \
	VPSHUFB  Y1, Y14, Y1 \
	VPAND    Y15, p1, p1 \
	VPSHUFB  p1, Y13, p1 \
	VPAND    p1, Y1, Y1 \
	VPSRLW   $4, cur, p1 \
	VPAND    Y15, p1, p1 \
	VPSHUFB  p1, Y12, p1 \
	VPAND    p1, Y1, Y1 \
	VPXOR    p2, Y1, Y1 \
	VPOR     Y1, Y5, Y5

// CHECKAT checks the block at off(SI) in Y0; the bytes before it are in
// memory, so unaligned loads give each byte's predecessors.
#define CHECKAT(off) \
	VMOVDQU off-1(SI), Y2 \
	VMOVDQU off-2(SI), Y3 \
	VMOVDQU off-3(SI), Y4 \
	CHECK(Y0, Y2, Y3, Y4)

// ISASCII sets the zero flag iff block blk has no byte with its high bit set.
#define ISASCII(blk) \
	VPMOVMSKB blk, AX \
	TESTL     AX, AX

// func validAVX2Asm(p *byte, n int) bool
//
// n must be at least 35, so that the last 32 bytes have three bytes before
// them. The first block is checked against ASCII before it; later blocks
// load their predecessors from memory. A last partial block is checked as
// the 32 bytes that end the input, overlapping bytes already checked.
//
// Registers: SI input, CX bytes left, Y5 accumulated errors, Y6 non-zero
// when the block before left a code point open.
TEXT ·validAVX2Asm(SB), NOSPLIT, $0-17
	MOVQ    p+0(FP), SI
	MOVQ    n+8(FP), CX
	VMOVDQU ·openTail(SB), Y8
	VMOVDQU high<>(SB), Y9
	VMOVDQU fourth<>(SB), Y10
	VMOVDQU third<>(SB), Y11
	VMOVDQU ·b2h(SB), Y12
	VMOVDQU ·b1l(SB), Y13
	VMOVDQU ·b1h(SB), Y14
	VMOVDQU nibble<>(SB), Y15
	VPXOR   Y5, Y5, Y5
	VPXOR   Y6, Y6, Y6

	VMOVDQU (SI), Y0
	ISASCII(Y0)
	JZ      first
	// Shift the block up by one, two and three bytes, zeros (ASCII) in.
	VPERM2I128 $0x08, Y0, Y0, Y1 // low lane zero, high lane the low lane
	VPALIGNR    $15, Y1, Y0, Y2
	VPALIGNR    $14, Y1, Y0, Y3
	VPALIGNR    $13, Y1, Y0, Y4
	CHECK(Y0, Y2, Y3, Y4)
	VPSUBUSB    Y8, Y0, Y6

first:
	ADDQ $32, SI
	SUBQ $32, CX

loop64:
	CMPQ    CX, $64
	JB      last32
	VMOVDQU (SI), Y0
	VPOR    32(SI), Y0, Y1
	ISASCII(Y1)
	JNZ     mixed64

	// 64 bytes of ASCII: a code point left open before them is cut short.
	VPOR  Y6, Y5, Y5
	VPXOR Y6, Y6, Y6
	ADDQ  $64, SI
	SUBQ  $64, CX

ascii128:
	CMPQ    CX, $128
	JB      loop64
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VPOR    64(SI), Y0, Y0
	VPOR    96(SI), Y1, Y1
	VPOR    Y1, Y0, Y0
	ISASCII(Y0)
	JNZ     loop64
	ADDQ    $128, SI
	SUBQ    $128, CX
	JMP     ascii128

mixed64:
	CHECKAT(0)
	VMOVDQU  32(SI), Y0
	CHECKAT(32)
	VPSUBUSB Y8, Y0, Y6
	ADDQ     $64, SI
	SUBQ     $64, CX
	VPTEST   Y5, Y5
	JNZ      invalid
	JMP      loop64

last32:
	CMPQ    CX, $32
	JB      partial
	VMOVDQU (SI), Y0
	ADDQ    $32, SI
	SUBQ    $32, CX
	ISASCII(Y0)
	JNZ     mixed32
	VPOR    Y6, Y5, Y5
	VPXOR   Y6, Y6, Y6
	JMP     partial

mixed32:
	CHECKAT(-32)
	VPSUBUSB Y8, Y0, Y6

partial:
	TESTQ   CX, CX
	JZ      end
	LEAQ    -32(SI)(CX*1), SI
	VMOVDQU (SI), Y0
	ISASCII(Y0)
	JNZ     mixedlast
	VPOR    Y6, Y5, Y5
	JMP     done

mixedlast:
	// The block overlaps the one before, whose open code point this
	// check covers; what counts now is whether this one leaves one open.
	CHECKAT(0)
	VPSUBUSB Y8, Y0, Y6

end:
	// The input must not end inside a code point.
	VPOR Y6, Y5, Y5

done:
	VPTEST Y5, Y5
	JNZ    invalid
	VZEROUPPER
	MOVB   $1, ret+16(FP)
	RET

invalid:
	VZEROUPPER
	MOVB $0, ret+16(FP)
	RET
