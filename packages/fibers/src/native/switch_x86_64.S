/*
 * Context switch for x86-64 System V.
 *
 *   void ferrite_switch(ferrite_context* from, const ferrite_context* to);
 *
 * Saves the callee-saved state of the running context on its own stack (rbp, rbx, r12-r15, the
 * MXCSR control bits and the x87 control word: the ABI makes all of them callee-saved; the book
 * omits the last two), stores the stack pointer in from->sp, loads to->sp and restores the same
 * state from the other stack. `ret` then continues wherever the other context last called
 * ferrite_switch, or, for a new fiber, at ferrite_fiber_entry (see context.cc).
 */
    .text
    .globl ferrite_switch
    .type ferrite_switch, @function
    .align 16
ferrite_switch:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movl (%rsp), %eax
    movzwl 4(%rsp), %ecx
    movq %rsp, (%rdi)
    movq (%rsi), %rsp
    /* Loading MXCSR or the x87 control word is slow (it serialises the FP units); almost always
       both contexts hold the same values, so load only what differs. */
    cmpl (%rsp), %eax
    je 1f
    ldmxcsr (%rsp)
1:  cmpw 4(%rsp), %cx
    je 2f
    fldcw 4(%rsp)
2:  addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size ferrite_switch, .-ferrite_switch

/*
 * First code a new fiber runs: ferrite_switch "returned" here with r12 = body, r13 = argument,
 * r14 = the fiber's exit hook argument (set up on the initial stack by ferrite_context_init).
 * Calls body(arg), then the exit hook, which marks the fiber finished and switches away for good
 * (the book's guard). The hook never returns; ud2 makes sure of it.
 */
    .globl ferrite_fiber_entry
    .type ferrite_fiber_entry, @function
    .align 16
ferrite_fiber_entry:
    .cfi_startproc
    .cfi_undefined rip
    xorl %ebp, %ebp
    movq %r13, %rdi
    callq *%r12
    movq %r14, %rdi
    callq ferrite_fiber_exit_hook@PLT
    ud2
    .cfi_endproc
    .size ferrite_fiber_entry, .-ferrite_fiber_entry

/*
 * The bare minimal switch (six registers, no MXCSR/x87), for the benchmark's comparison only.
 */
    .globl ferrite_switch_minimal
    .type ferrite_switch_minimal, @function
    .align 16
ferrite_switch_minimal:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq (%rsi), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size ferrite_switch_minimal, .-ferrite_switch_minimal

/*
 * Test support: loads known values into every callee-saved register and MXCSR, calls
 * yield_fn(yield_arg) (which switches to other fibers that clobber them), then returns a bit
 * mask of the registers that did not survive (0 = all preserved).
 *   uint64_t ferrite_check_callee_saved(void (*yield_fn)(void*), void* yield_arg);
 */
    .globl ferrite_check_callee_saved
    .type ferrite_check_callee_saved, @function
    .align 16
ferrite_check_callee_saved:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $24, %rsp            /* 8: saved mxcsr, 12: test mxcsr, 16: saved fcw */
    stmxcsr 8(%rsp)
    fnstcw 16(%rsp)
    movl $0x7f80, 12(%rsp)    /* all exceptions masked, round toward zero, flush-to-zero */
    ldmxcsr 12(%rsp)
    movw $0x0c7f, 20(%rsp)    /* x87: round toward zero, extended precision */
    fldcw 20(%rsp)
    movq %rdi, %rax
    movq %rsi, %rdi
    movabsq $0x1111111111111111, %rbx
    movabsq $0x1212121212121212, %r12
    movabsq $0x1313131313131313, %r13
    movabsq $0x1414141414141414, %r14
    movabsq $0x1515151515151515, %r15
    movabsq $0x1616161616161616, %rbp
    callq *%rax
    xorl %eax, %eax
    movabsq $0x1111111111111111, %rcx
    cmpq %rcx, %rbx
    je 1f
    orq $1, %rax
1:  movabsq $0x1212121212121212, %rcx
    cmpq %rcx, %r12
    je 2f
    orq $2, %rax
2:  movabsq $0x1313131313131313, %rcx
    cmpq %rcx, %r13
    je 3f
    orq $4, %rax
3:  movabsq $0x1414141414141414, %rcx
    cmpq %rcx, %r14
    je 4f
    orq $8, %rax
4:  movabsq $0x1515151515151515, %rcx
    cmpq %rcx, %r15
    je 5f
    orq $16, %rax
5:  movabsq $0x1616161616161616, %rcx
    cmpq %rcx, %rbp
    je 6f
    orq $32, %rax
6:  stmxcsr 12(%rsp)
    movl 12(%rsp), %ecx
    andl $0xffc0, %ecx        /* ignore the sticky exception flags */
    cmpl $0x7f80, %ecx
    je 7f
    orq $64, %rax
7:  fnstcw 20(%rsp)
    movzwl 20(%rsp), %ecx
    cmpl $0x0c7f, %ecx
    je 8f
    orq $128, %rax
8:  ldmxcsr 8(%rsp)
    fldcw 16(%rsp)
    addq $24, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size ferrite_check_callee_saved, .-ferrite_check_callee_saved

    .section .note.GNU-stack,"",@progbits
