package dev.berth.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dockerd's default seccomp policy (moby/profiles seccomp v0.2.x, as described in
 * shared/research/reliability-security-perf.md §1.2), rendered for one container on x86_64: an
 * allowlist with EPERM for everything else, widened by the capabilities the container holds.
 * Assumes kernel ≥ 4.8 (ptrace and process_vm_* are then allowed without CAP_SYS_PTRACE).
 */
final class SeccompDefault {
  static final List<String> ARCHITECTURES = List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  /** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone may not make namespaces. */
  private static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;
  private static final int AF_ALG = 38;
  private static final int AF_VSOCK = 40;
  private static final long[] PERSONALITIES = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL};

  /** Allowed for every container (names a kernel lacks are skipped by runc). */
  private static final String ALWAYS = """
      accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
      clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
      clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
      epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old
      eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate
      fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync
      fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync
      ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat
      getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups
      getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid
      getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname getsockopt
      get_thread_area gettid gettimeofday getuid getuid32 getxattr inotify_add_watch inotify_init
      inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents
      io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit ipc kill landlock_add_rule
      landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link linkat listen listxattr
      llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64 madvise map_shadow_stack membarrier
      memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect
      mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 mq_timedsend
      mq_timedsend_time64 mq_unlink mremap mseal msgctl msgget msgrcv msgsnd msync munlock munlockall munmap
      name_to_handle_at nanosleep newfstatat _newselect open openat openat2 pause pidfd_open
      pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64
      preadv preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read
      readahead readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages
      removexattr rename renameat renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending
      rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64
      rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam sched_get_priority_max
      sched_get_priority_min sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
      sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl
      semget semop semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid
      setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority
      setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit
      set_robust_list setsid setsockopt set_thread_area set_tid_address setuid setuid32 setxattr shmat shmctl
      shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall socketpair
      splice stat stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs sysinfo tee
      tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime
      timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64
      times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat
      utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev
      kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace
      arch_prctl modify_ldt
      """;

  /** Syscalls a capability unlocks. */
  private static final Map<String, String> BY_CAPABILITY = byCapability();

  private SeccompDefault() {}

  private static Map<String, String> byCapability() {
    var m = new LinkedHashMap<String, String>();
    m.put("CAP_DAC_READ_SEARCH", "open_by_handle_at");
    m.put("CAP_SYS_ADMIN", "bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount "
        + "mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname "
        + "setns syslog umount umount2 unshare");
    m.put("CAP_SYS_BOOT", "reboot");
    m.put("CAP_SYS_CHROOT", "chroot");
    m.put("CAP_SYS_MODULE", "delete_module init_module finit_module");
    m.put("CAP_SYS_PACCT", "acct");
    m.put("CAP_SYS_RAWIO", "iopl ioperm");
    m.put("CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64");
    m.put("CAP_SYS_TTY_CONFIG", "vhangup");
    m.put("CAP_SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node");
    m.put("CAP_SYSLOG", "syslog");
    m.put("CAP_BPF", "bpf");
    m.put("CAP_PERFMON", "perf_event_open");
    return m;
  }

  static List<String> names(String text) {
    return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  /** The OCI {@code linux.seccomp} object for a container holding {@code caps}. */
  static Map<String, Object> render(List<String> caps) {
    var held = Set.copyOf(caps);
    var allowed = new ArrayList<>(names(ALWAYS));
    for (var e : BY_CAPABILITY.entrySet()) {
      if (!held.contains(e.getKey())) continue;
      for (var n : names(e.getValue())) if (!allowed.contains(n)) allowed.add(n);
    }
    boolean sysAdmin = held.contains("CAP_SYS_ADMIN");
    var syscalls = new ArrayList<Map<String, Object>>();
    syscalls.add(rule(allowed, "SCMP_ACT_ALLOW", null, List.of()));
    for (long p : PERSONALITIES) syscalls.add(rule(List.of("personality"), "SCMP_ACT_ALLOW", null, List.of(arg(0, p, 0, "SCMP_CMP_EQ"))));
    // socket: everything but AF_ALG and AF_VSOCK (runc ORs rules, so three ranges)
    syscalls.add(rule(List.of("socket"), "SCMP_ACT_ALLOW", null, List.of(arg(0, AF_ALG, 0, "SCMP_CMP_LT"))));
    syscalls.add(rule(List.of("socket"), "SCMP_ACT_ALLOW", null, List.of(arg(0, AF_ALG + 1, 0, "SCMP_CMP_EQ"))));
    syscalls.add(rule(List.of("socket"), "SCMP_ACT_ALLOW", null, List.of(arg(0, AF_VSOCK, 0, "SCMP_CMP_GT"))));
    if (!sysAdmin) {
      syscalls.add(rule(List.of("clone"), "SCMP_ACT_ALLOW", null,
          List.of(arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))));
      // clone3's flags are behind a pointer: ENOSYS makes libc fall back to clone
      syscalls.add(rule(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, List.of()));
    }
    var profile = new LinkedHashMap<String, Object>();
    profile.put("defaultAction", "SCMP_ACT_ERRNO");
    profile.put("defaultErrnoRet", EPERM);
    profile.put("architectures", ARCHITECTURES);
    profile.put("syscalls", syscalls);
    return profile;
  }

  static Map<String, Object> rule(List<String> names, String action, Integer errnoRet, List<Map<String, Object>> args) {
    var r = new LinkedHashMap<String, Object>();
    r.put("names", List.copyOf(names));
    r.put("action", action);
    if (errnoRet != null) r.put("errnoRet", errnoRet);
    if (!args.isEmpty()) r.put("args", args);
    return r;
  }

  static Map<String, Object> arg(int index, long value, long valueTwo, String op) {
    var a = new LinkedHashMap<String, Object>();
    a.put("index", index);
    a.put("value", value);
    a.put("valueTwo", valueTwo);
    a.put("op", op);
    return a;
  }
}
