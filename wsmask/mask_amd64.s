//go:build !purego

#include "textflag.h"

// All mask functions take (b []byte, key uint32): DI = &b[0], SI = len(b),
// AX = the key word for b[0] (see phaseKey). They share one trick: the last
// vector of b is loaded and masked before the main loop stores anything and
// is stored after it, so the tail needs no byte loop and no byte is masked
// twice: where it overlaps bytes the loop wrote, both computed the same value
// from the same original bytes. The large-buffer paths do the same with the
// head so the loop can run on aligned addresses.

// func maskAsm(b []byte, key uint32)
TEXT ·maskAsm(SB), NOSPLIT, $0-28
	CMPB ·useAVX512(SB), $0
	JEQ  2(PC)
	JMP  ·maskAVX512(SB)
	CMPB ·useAVX2(SB), $0
	JEQ  2(PC)
	JMP  ·maskAVX2(SB)
	JMP  ·maskSSE2(SB)

// func maskSSE2(b []byte, key uint32)
TEXT ·maskSSE2(SB), NOSPLIT, $0-28
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), SI
	MOVL key+24(FP), AX
	CMPQ SI, $16
	JB   short

	MOVL   AX, X0
	PSHUFD $0, X0, X0
	MOVL   SI, CX
	ANDL   $3, CX
	SHLL   $3, CX
	MOVL   AX, R9
	RORL   CX, R9
	MOVL   R9, X1
	PSHUFD $0, X1, X1
	LEAQ   -16(DI)(SI*1), R8
	MOVOU  (R8), X2
	PXOR   X1, X2

loop64:
	CMPQ  SI, $64
	JB    loop16
	MOVOU (DI), X3
	MOVOU 16(DI), X4
	MOVOU 32(DI), X5
	MOVOU 48(DI), X6
	PXOR  X0, X3
	PXOR  X0, X4
	PXOR  X0, X5
	PXOR  X0, X6
	MOVOU X3, (DI)
	MOVOU X4, 16(DI)
	MOVOU X5, 32(DI)
	MOVOU X6, 48(DI)
	ADDQ  $64, DI
	SUBQ  $64, SI
	JMP   loop64

loop16:
	CMPQ  SI, $16
	JB    last
	MOVOU (DI), X3
	PXOR  X0, X3
	MOVOU X3, (DI)
	ADDQ  $16, DI
	SUBQ  $16, SI
	JMP   loop16

last:
	MOVOU X2, (R8)
	RET

	// Fewer than 16 bytes in SI at DI, key word in AX: two overlapping
	// loads, both before either store, so no byte is masked twice.
short:
	CMPQ SI, $8
	JB   short4
	MOVL AX, R8
	MOVQ R8, R9
	SHLQ $32, R9
	ORQ  R9, R8
	MOVL SI, CX
	ANDL $3, CX
	SHLL $3, CX
	MOVQ R8, R9
	RORQ CX, R9
	MOVQ (DI), R10
	MOVQ -8(DI)(SI*1), R11
	XORQ R8, R10
	XORQ R9, R11
	MOVQ R11, -8(DI)(SI*1)
	MOVQ R10, (DI)
	RET

short4:
	CMPQ SI, $4
	JB   short2
	MOVL SI, CX
	ANDL $3, CX
	SHLL $3, CX
	MOVL AX, R9
	RORL CX, R9
	MOVL (DI), R10
	MOVL -4(DI)(SI*1), R11
	XORL AX, R10
	XORL R9, R11
	MOVL R11, -4(DI)(SI*1)
	MOVL R10, (DI)
	RET

short2:
	CMPQ SI, $2
	JB   short1
	LEAL -2(SI), CX
	SHLL $3, CX
	MOVL AX, R9
	RORL CX, R9
	MOVWLZX -2(DI)(SI*1), R11
	MOVBLZX (DI), R10
	XORL R9, R11
	XORL AX, R10
	MOVW R11, -2(DI)(SI*1)
	MOVB R10, (DI)
	RET

short1:
	TESTQ SI, SI
	JZ    done
	XORB  AL, (DI)

done:
	RET

// func maskAVX2(b []byte, key uint32)
TEXT ·maskAVX2(SB), NOSPLIT, $0-28
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), SI
	MOVL key+24(FP), AX
	CMPQ SI, $16
	JB   short

	// The key for the last vector: the key word turned by len(b)&3, which
	// is the phase of b[len(b)-32] and of b[len(b)-16].
	MOVL         SI, CX
	ANDL         $3, CX
	SHLL         $3, CX
	MOVL         AX, R9
	RORL         CX, R9
	VMOVD        AX, X0
	VMOVD        R9, X1
	CMPQ         SI, $32
	JAE          big
	VPBROADCASTD X0, X0
	VPBROADCASTD X1, X1
	VPXOR        (DI), X0, X2
	VPXOR        -16(DI)(SI*1), X1, X3
	VMOVDQU      X3, -16(DI)(SI*1)
	VMOVDQU      X2, (DI)
	RET

big:
	VPBROADCASTD X0, Y0
	VPBROADCASTD X1, Y1
	LEAQ         -32(DI)(SI*1), R8
	VPXOR        (R8), Y1, Y2
	MOVQ         DI, R10
	VPXOR        (DI), Y0, Y3
	CMPQ         SI, $256
	JB           loop128

	// Long buffers: step DI to the next 32-byte boundary (the head vector
	// in Y3 covers the bytes skipped) and turn the key to that offset.
	MOVQ         DI, CX
	NEGQ         CX
	ANDQ         $31, CX
	ADDQ         CX, DI
	SUBQ         CX, SI
	ANDL         $3, CX
	SHLL         $3, CX
	RORL         CX, AX
	VMOVD        AX, X0
	VPBROADCASTD X0, Y0

loop128:
	CMPQ    SI, $128
	JB      loop32
	VPXOR   (DI), Y0, Y4
	VPXOR   32(DI), Y0, Y5
	VPXOR   64(DI), Y0, Y6
	VPXOR   96(DI), Y0, Y7
	VMOVDQU Y4, (DI)
	VMOVDQU Y5, 32(DI)
	VMOVDQU Y6, 64(DI)
	VMOVDQU Y7, 96(DI)
	ADDQ    $128, DI
	SUBQ    $128, SI
	JMP     loop128

loop32:
	CMPQ    SI, $32
	JB      last
	VPXOR   (DI), Y0, Y4
	VMOVDQU Y4, (DI)
	ADDQ    $32, DI
	SUBQ    $32, SI
	JMP     loop32

last:
	VMOVDQU Y3, (R10)
	VMOVDQU Y2, (R8)
	VZEROUPPER
	RET

	// Fewer than 16 bytes in SI at DI, key word in AX: two overlapping
	// loads, both before either store, so no byte is masked twice.
short:
	CMPQ SI, $8
	JB   short4
	MOVL AX, R8
	MOVQ R8, R9
	SHLQ $32, R9
	ORQ  R9, R8
	MOVL SI, CX
	ANDL $3, CX
	SHLL $3, CX
	MOVQ R8, R9
	RORQ CX, R9
	MOVQ (DI), R10
	MOVQ -8(DI)(SI*1), R11
	XORQ R8, R10
	XORQ R9, R11
	MOVQ R11, -8(DI)(SI*1)
	MOVQ R10, (DI)
	RET

short4:
	CMPQ SI, $4
	JB   short2
	MOVL SI, CX
	ANDL $3, CX
	SHLL $3, CX
	MOVL AX, R9
	RORL CX, R9
	MOVL (DI), R10
	MOVL -4(DI)(SI*1), R11
	XORL AX, R10
	XORL R9, R11
	MOVL R11, -4(DI)(SI*1)
	MOVL R10, (DI)
	RET

short2:
	CMPQ SI, $2
	JB   short1
	LEAL -2(SI), CX
	SHLL $3, CX
	MOVL AX, R9
	RORL CX, R9
	MOVWLZX -2(DI)(SI*1), R11
	MOVBLZX (DI), R10
	XORL R9, R11
	XORL AX, R10
	MOVW R11, -2(DI)(SI*1)
	MOVB R10, (DI)
	RET

short1:
	TESTQ SI, SI
	JZ    done
	XORB  AL, (DI)

done:
	RET

// func maskAVX512(b []byte, key uint32)
//
// Only Z16-Z31 are used: legacy SSE code cannot see them, so no VZEROUPPER
// is needed on return.
TEXT ·maskAVX512(SB), NOSPLIT, $0-28
	MOVQ         b_base+0(FP), DI
	MOVQ         b_len+8(FP), SI
	MOVL         key+24(FP), AX
	VPBROADCASTD AX, Z16
	CMPQ         SI, $64
	JA           big

	// Up to 64 bytes: one masked load and store. Masked-off bytes are
	// neither read nor written and cannot fault.
	MOVQ      $-1, R9
	BZHIQ     SI, R9, R9
	KMOVQ     R9, K1
	VMOVDQU8.Z (DI), K1, Z17
	VPXORD    Z16, Z17, Z17
	VMOVDQU8  Z17, K1, (DI)
	RET

big:
	MOVL         SI, CX
	ANDL         $3, CX
	SHLL         $3, CX
	MOVL         AX, R9
	RORL         CX, R9
	VPBROADCASTD R9, Z17
	LEAQ         -64(DI)(SI*1), R8
	VPXORD       (R8), Z17, Z18
	MOVQ         DI, R10
	VPXORD       (DI), Z16, Z19
	CMPQ         SI, $512
	JB           loop256

	MOVQ         DI, CX
	NEGQ         CX
	ANDQ         $63, CX
	ADDQ         CX, DI
	SUBQ         CX, SI
	ANDL         $3, CX
	SHLL         $3, CX
	RORL         CX, AX
	VPBROADCASTD AX, Z16

loop256:
	CMPQ      SI, $256
	JB        loop64
	VPXORD    (DI), Z16, Z20
	VPXORD    64(DI), Z16, Z21
	VPXORD    128(DI), Z16, Z22
	VPXORD    192(DI), Z16, Z23
	VMOVDQU64 Z20, (DI)
	VMOVDQU64 Z21, 64(DI)
	VMOVDQU64 Z22, 128(DI)
	VMOVDQU64 Z23, 192(DI)
	ADDQ      $256, DI
	SUBQ      $256, SI
	JMP       loop256

loop64:
	CMPQ      SI, $64
	JB        last
	VPXORD    (DI), Z16, Z20
	VMOVDQU64 Z20, (DI)
	ADDQ      $64, DI
	SUBQ      $64, SI
	JMP       loop64

last:
	VMOVDQU64 Z19, (R10)
	VMOVDQU64 Z18, (R8)
	RET

// func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL subleaf+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv0() (eax uint32)
TEXT ·xgetbv0(SB), NOSPLIT, $0-4
	MOVL   $0, CX
	XGETBV
	MOVL   AX, eax+0(FP)
	RET
