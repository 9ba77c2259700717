// The AVX-512 form of the check in valid_amd64.s, which explains the three
// lookup tables, the test for two continuation bytes in a row and
// openTail, included by each AVX-512 kernel of the package. A block is 64
// bytes. VPSHUFB looks up within each 128-bit lane, so each
// 16-byte table is broadcast to the four lanes of a ZMM register;
// VPTERNLOGD does the AND, OR and XOR chains of three operands in one
// instruction each.
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

// CHECK256 and CHECK256VBMI check the four blocks that LOAD256 loaded,
// with CHECK and with CHECKVBMI.
#define CHECK256 \
	CHECKAT(Z22, 0) \
	CHECKAT(Z21, 64) \
	CHECKAT(Z20, 128) \
	CHECKAT(Z16, 192)

#define CHECK256VBMI \
	CHECKATVBMI(Z22, 0) \
	CHECKATVBMI(Z21, 64) \
	CHECKATVBMI(Z20, 128) \
	CHECKATVBMI(Z16, 192)

// CHECK256EITHER checks them with CHECK256VBMI if register vbmi is not
// zero and with CHECK256 otherwise. It defines the labels check256vbmi
// and checked256, so a kernel may use it once.
#define CHECK256EITHER(vbmi) \
	TESTQ vbmi, vbmi \
	JNZ   check256vbmi \
	CHECK256 \
	JMP   checked256 \
check256vbmi: \
	CHECK256VBMI \
checked256:

// OPENBEFORE ORs into ERRORS a code point that the bytes before SI leave
// open. It is needed where the check skips ASCII, which would fail such a
// code point; it reads the 4 bytes before SI, which must be in the input.
// Writing X17 clears the rest of Z17.
#define OPENBEFORE \
	VMOVD    -4(SI), X17 \
	VPSUBUSB OPEN, X17, X17 \
	VPORQ    Z17, ERRORS, ERRORS

// SETUP loads the constant registers and clears ERRORS. It overwrites AX.
#define SETUP \
	VBROADCASTI32X4 ·b1h(SB), PREV_HIGH \
	VBROADCASTI32X4 ·b1l(SB), PREV_LOW \
	VBROADCASTI32X4 ·b2h(SB), CUR_HIGH \
	MOVL            $0x0f0f0f0f, AX \
	VPBROADCASTD    AX, NIBBLE \
	MOVL            $0x60606060, AX \
	VPBROADCASTD    AX, THIRD \
	MOVL            $0x70707070, AX \
	VPBROADCASTD    AX, FOURTH \
	MOVL            $0x80808080, AX \
	VPBROADCASTD    AX, HIGH \
	VMOVD           ·openTail+28(SB), OPEN \
	VPXORQ          ERRORS, ERRORS, ERRORS

// CHECKFIRST checks blk, the first block of the input, against ASCII
// before it. VALIGNQ moves each 128-bit lane up one lane, zeros (ASCII)
// into the lowest, and VPALIGNR takes each lane's last bytes from that to
// shift the block up by one, two and three bytes. ERRORS supplies the
// zeros, so nothing may have been recorded in it yet. It overwrites blk
// and Z16-Z19.
#define CHECKFIRST(blk) \
	VALIGNQ  $6, ERRORS, blk, Z16 \
	VPALIGNR $15, Z16, blk, Z17 \
	VPALIGNR $14, Z16, blk, Z18 \
	VPALIGNR $13, Z16, blk, Z19 \
	CHECK(blk, Z17, Z18, Z19)

// CHECKLAST checks the 64 bytes that end at DX, where fewer than 64 are
// left unchecked, overlapping bytes checked already; if they are all
// ASCII, they hold the byte before the ones left, so no code point was
// open before those, and it jumps to done instead.
#define CHECKLAST(done) \
	LEAQ      -64(DX), SI \
	VMOVDQU64 (SI), Z22 \
	ISASCII(Z22) \
	JZ        done \
	CHECKAT(Z22, 0)

// ANYERRORS clears the zero flag iff ERRORS holds an error.
#define ANYERRORS \
	VPTESTMQ ERRORS, ERRORS, K1 \
	KORTESTQ K1, K1

// ENDERRORS ORs into ERRORS a code point that the input, ending at DX,
// leaves open, and then is ANYERRORS.
#define ENDERRORS \
	MOVQ DX, SI \
	OPENBEFORE \
	ANYERRORS
