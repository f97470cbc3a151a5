/*
 * Context switch for AArch64 (AAPCS64): x19-x28, the frame pointer x29, the link register x30
 * and d8-d15 are callee-saved; they are stored in a 176-byte frame on the running stack, sp goes
 * into from->sp, and the other context's frame is restored. `ret` continues at its saved x30,
 * which for a new fiber is ferrite_fiber_entry.
 *
 *   void ferrite_switch(ferrite_context* from, const ferrite_context* to);
 */
    .text
    .globl ferrite_switch
    .type ferrite_switch, %function
    .align 4
ferrite_switch:
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mov x9, sp
    str x9, [x0]
    ldr x9, [x1]
    mov sp, x9
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    add sp, sp, #176
    ret
    .size ferrite_switch, .-ferrite_switch

/* A new fiber: x19 = body, x20 = argument, x21 = exit hook argument. */
    .globl ferrite_fiber_entry
    .type ferrite_fiber_entry, %function
    .align 4
ferrite_fiber_entry:
    mov x29, #0
    mov x0, x20
    blr x19
    mov x0, x21
    bl ferrite_fiber_exit_hook
    brk #0
    .size ferrite_fiber_entry, .-ferrite_fiber_entry

/* The bare minimal switch for the benchmark: general registers only. */
    .globl ferrite_switch_minimal
    .type ferrite_switch_minimal, %function
    .align 4
ferrite_switch_minimal:
    sub sp, sp, #96
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    mov x9, sp
    str x9, [x0]
    ldr x9, [x1]
    mov sp, x9
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    add sp, sp, #96
    ret
    .size ferrite_switch_minimal, .-ferrite_switch_minimal

/*
 * Test support: loads known values into x19-x28 and d8-d15, calls yield_fn(yield_arg), returns a
 * mask of what did not survive (bit i: x(19+i); bit 10+j: d(8+j)).
 *   uint64_t ferrite_check_callee_saved(void (*yield_fn)(void*), void* yield_arg);
 */
    .globl ferrite_check_callee_saved
    .type ferrite_check_callee_saved, %function
    .align 4
ferrite_check_callee_saved:
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mov x9, x0
    mov x0, x1
    mov x19, #19
    mov x20, #20
    mov x21, #21
    mov x22, #22
    mov x23, #23
    mov x24, #24
    mov x25, #25
    mov x26, #26
    mov x27, #27
    mov x28, #28
    fmov d8, #8.0
    fmov d9, #9.0
    fmov d10, #10.0
    fmov d11, #11.0
    fmov d12, #12.0
    fmov d13, #13.0
    fmov d14, #14.0
    fmov d15, #15.0
    blr x9
    mov x0, #0
    cmp x19, #19
    cset x10, ne
    orr x0, x0, x10
    cmp x20, #20
    cset x10, ne
    orr x0, x0, x10, lsl #1
    cmp x21, #21
    cset x10, ne
    orr x0, x0, x10, lsl #2
    cmp x22, #22
    cset x10, ne
    orr x0, x0, x10, lsl #3
    cmp x23, #23
    cset x10, ne
    orr x0, x0, x10, lsl #4
    cmp x24, #24
    cset x10, ne
    orr x0, x0, x10, lsl #5
    cmp x25, #25
    cset x10, ne
    orr x0, x0, x10, lsl #6
    cmp x26, #26
    cset x10, ne
    orr x0, x0, x10, lsl #7
    cmp x27, #27
    cset x10, ne
    orr x0, x0, x10, lsl #8
    cmp x28, #28
    cset x10, ne
    orr x0, x0, x10, lsl #9
    fmov d16, #8.0
    fcmp d8, d16
    cset x10, ne
    orr x0, x0, x10, lsl #10
    fmov d16, #15.0
    fcmp d15, d16
    cset x10, ne
    orr x0, x0, x10, lsl #17
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    add sp, sp, #176
    ret
    .size ferrite_check_callee_saved, .-ferrite_check_callee_saved

    .section .note.GNU-stack,"",%progbits
