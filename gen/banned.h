/*
 * banned.h - libc calls that invite overflows or hidden state. Using one is
 * a compile error that names it. Included last by util.h.
 */
#ifndef RB_BANNED_H
#define RB_BANNED_H

#define RB_BANNED(f) sorry_##f##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) RB_BANNED(strcpy)
#undef strcat
#define strcat(x, y) RB_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) RB_BANNED(strncpy)
#undef sprintf
#define sprintf(...) RB_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RB_BANNED(vsprintf)
#undef gets
#define gets(x) RB_BANNED(gets)
#undef strtok
#define strtok(x, y) RB_BANNED(strtok)

#endif
