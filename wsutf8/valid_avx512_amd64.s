//go:build !purego

#include "textflag.h"

// The AVX-512 form of the check in valid_amd64.s, which explains the three
// lookup tables, the test for two continuation bytes in a row and
// openTail. A block is 64 bytes. VPSHUFB looks up within each 128-bit
// lane, so each 16-byte table is broadcast to the four lanes of a ZMM
// register; VPTERNLOGD does the AND, OR and XOR chains of three operands
// in one instruction each.
//
// Only X16-X31, Y16-Y31, Z16-Z31 and K1 are used. Legacy SSE code cannot
// address registers 16-31, and writing them leaves the upper halves of
// registers 0-15 clean, so there is no SSE-AVX transition to avoid and no
// VZEROUPPER on return.

// The registers that hold constants and the accumulated errors.
#define PREV_HIGH Z31 // ·b1h in every lane
#define PREV_LOW Z30  // ·b1l in every lane
#define CUR_HIGH Z29  // ·b2h in every lane
#define NIBBLE Z28    // 0x0F in every byte
#define THIRD Z27     // 0xE0 - 0x80: see third<> in valid_amd64.s
#define FOURTH Z26    // 0xF0 - 0x80: see fourth<> in valid_amd64.s
#define HIGH Z25      // 0x80 in every byte
#define OPEN X24      // the last 4 bytes of ·openTail
#define ERRORS Z23    // any bit set: invalid

// alignMin is the least input left after the first block for which the
// main loop starts at a multiple of 64 bytes.
#define alignMin 512

// MUSTCONTINUE sets bit 0x80 of each byte of p2 iff the byte is a
// continuation byte that must follow: the byte two back, in p2, is E0..FF
// or the byte three back, in p3, is F0..FF. It overwrites p3.
//
// VPTERNLOGD $imm, C, B, A sets A to the function of A, B and C whose
// truth table is imm, A's bit the highest index bit: 0xa8 is (A|B)&C,
// 0x80 is A&B&C and 0xf6 is A|(B^C).
#define MUSTCONTINUE(p2, p3) \
	VPSUBUSB   THIRD, p2, p2 \
	VPSUBUSB   FOURTH, p3, p3 \
	VPTERNLOGD $0xa8, HIGH, p3, p2

// ADDERRORS ORs into ERRORS the bits that survive the AND of the three
// lookups l1, l2 and l3, with bit 0x80 turned by must. It overwrites l1.
#define ADDERRORS(l1, l2, l3, must) \
	VPTERNLOGD $0x80, l3, l2, l1 \
	VPTERNLOGD $0xf6, must, l1, ERRORS

// CHECK ORs into ERRORS the errors of block cur, given its bytes'
// predecessors one, two and three back in p1, p2 and p3. It overwrites all
// four.
#define CHECK(cur, p1, p2, p3) \
	MUSTCONTINUE(p2, p3) \
	VPSRLW  $4, p1, p3 \
	VPANDD  NIBBLE, p3, p3 \
	VPSHUFB p3, PREV_HIGH, p3 \
	VPANDD  NIBBLE, p1, p1 \
	VPSHUFB p1, PREV_LOW, p1 \
	VPSRLW  $4, cur, cur \
	VPANDD  NIBBLE, cur, cur \
	VPSHUFB cur, CUR_HIGH, cur \
	ADDERRORS(p3, p1, cur, p2)

// CHECKVBMI is CHECK with VPERMB, from AVX512_VBMI, in place of VPSHUFB.
// VPERMB looks up a whole 64-byte register with the low six bits of each
// index byte and never returns zero for a set high bit. The tables are
// the same 16 bytes four times over, so bits 4 and 5 of an index do not
// change what it finds, and the nibbles need no masking: three
// instructions fewer a block.
#define CHECKVBMI(cur, p1, p2, p3) \
	MUSTCONTINUE(p2, p3) \
	VPSRLW $4, p1, p3 \
	VPERMB PREV_HIGH, p3, p3 \
	VPERMB PREV_LOW, p1, p1 \
	VPSRLW $4, cur, cur \
	VPERMB CUR_HIGH, cur, cur \
	ADDERRORS(p3, p1, cur, p2)

// PREDECESSORS loads into Z17, Z18 and Z19 the bytes one, two and three
// back of those of the block at off(SI); they are in the input, so
// unaligned loads give them.
#define PREDECESSORS(off) \
	VMOVDQU64 off-1(SI), Z17 \
	VMOVDQU64 off-2(SI), Z18 \
	VMOVDQU64 off-3(SI), Z19

// CHECKAT checks cur, the block at off(SI), with CHECK; CHECKATVBMI with
// CHECKVBMI.
#define CHECKAT(cur, off) \
	PREDECESSORS(off) \
	CHECK(cur, Z17, Z18, Z19)

#define CHECKATVBMI(cur, off) \
	PREDECESSORS(off) \
	CHECKVBMI(cur, Z17, Z18, Z19)

// ISASCII sets the zero flag iff block blk has no byte with its high bit
// set.
#define ISASCII(blk) \
	VPMOVB2M blk, K1 \
	KORTESTQ K1, K1

// LOAD256 loads the four blocks at SI into Z22, Z21, Z20 and Z16 and sets
// the zero flag iff they are all ASCII ($0xfe is A|B|C).
#define LOAD256 \
	VMOVDQU64  (SI), Z22 \
	VMOVDQU64  64(SI), Z21 \
	VMOVDQU64  128(SI), Z20 \
	VMOVDQU64  192(SI), Z16 \
	VPORQ      Z21, Z22, Z17 \
	VPTERNLOGD $0xfe, Z16, Z20, Z17 \
	ISASCII(Z17)

// OPENBEFORE ORs into ERRORS a code point that the bytes before SI leave
// open. It is needed where the check skips ASCII, which would fail such a
// code point; it reads the 4 bytes before SI, which must be in the input.
// Writing X17 clears the rest of Z17.
#define OPENBEFORE \
	VMOVD    -4(SI), X17 \
	VPSUBUSB OPEN, X17, X17 \
	VPORQ    Z17, ERRORS, ERRORS

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
	VBROADCASTI32X4 ·b1h(SB), PREV_HIGH
	VBROADCASTI32X4 ·b1l(SB), PREV_LOW
	VBROADCASTI32X4 ·b2h(SB), CUR_HIGH
	MOVL            $0x0f0f0f0f, AX
	VPBROADCASTD    AX, NIBBLE
	MOVL            $0x60606060, AX
	VPBROADCASTD    AX, THIRD
	MOVL            $0x70707070, AX
	VPBROADCASTD    AX, FOURTH
	MOVL            $0x80808080, AX
	VPBROADCASTD    AX, HIGH
	VMOVD           ·openTail+28(SB), OPEN
	VPXORQ          ERRORS, ERRORS, ERRORS

	VMOVDQU64 (SI), Z22
	ISASCII(Z22)
	JZ        first
	// Shift the block up by one, two and three bytes, zeros (ASCII) in:
	// VALIGNQ moves each 128-bit lane up one lane, zeros into the lowest,
	// and VPALIGNR takes each lane's last bytes from that.
	VALIGNQ  $6, ERRORS, Z22, Z16
	VPALIGNR $15, Z16, Z22, Z17
	VPALIGNR $14, Z16, Z22, Z18
	VPALIGNR $13, Z16, Z22, Z19
	CHECK(Z22, Z17, Z18, Z19)

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
	TESTQ R8, R8
	JNZ   mixed256vbmi
	CHECKAT(Z22, 0)
	CHECKAT(Z21, 64)
	CHECKAT(Z20, 128)
	CHECKAT(Z16, 192)
	JMP   checked256

mixed256vbmi:
	CHECKATVBMI(Z22, 0)
	CHECKATVBMI(Z21, 64)
	CHECKATVBMI(Z20, 128)
	CHECKATVBMI(Z16, 192)

checked256:
	ADDQ     $256, SI
	SUBQ     $256, CX
	VPTESTMQ ERRORS, ERRORS, K1
	KORTESTQ K1, K1
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
	TESTQ     CX, CX
	JZ        end
	LEAQ      -64(DX), SI
	VMOVDQU64 (SI), Z22
	// All ASCII, the block holds the byte before the bytes left, so no
	// code point was open before them.
	ISASCII(Z22)
	JZ        end
	CHECKAT(Z22, 0)

end:
	// The input must not end inside a code point.
	MOVQ     DX, SI
	OPENBEFORE
	VPTESTMQ ERRORS, ERRORS, K1
	KORTESTQ K1, K1
	JNZ      invalid
	MOVB     $1, ret+24(FP)
	RET

invalid:
	MOVB $0, ret+24(FP)
	RET
