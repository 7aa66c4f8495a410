/*
 * hsdis-amd64.so for JDK 9+ on Debian: JDK 9 and later look up decode_instructions_virtual, while
 * Debian's libhsdis0-fcml exports only the JDK 8 entry point decode_instructions. This forwards the
 * one to the other (the code buffer is already mapped at its own address, so start_va is not needed).
 *
 *   apt-get install libhsdis0-fcml
 *   gcc -shared -fPIC -O2 -o hsdis-amd64.so hsdis-shim.c /usr/lib/x86_64-linux-gnu/libhsdis.so.0.0.0
 *   LD_LIBRARY_PATH=$PWD JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,CLASS::METHOD" bin/lfm ...
 */
#include <stddef.h>
#include <stdint.h>

typedef void *(*event_callback)(void *stream, const char *event, void *argument);
typedef int (*printf_callback)(void *stream, const char *format, ...);

extern void *decode_instructions(void *start, void *end, event_callback event, void *event_stream,
                                 printf_callback print, void *print_stream, const char *options);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback event, void *event_stream, printf_callback print,
                                  void *print_stream, const char *options, int newline) {
    (void) start_va;
    (void) end_va;
    (void) newline;
    return decode_instructions(buffer, buffer + length, event, event_stream, print, print_stream, options);
}
