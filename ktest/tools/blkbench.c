// SPDX-License-Identifier: GPL-2.0
/*
 * blkbench - measure a block device from the test VM: throughput of
 * sequential and 4 KiB random I/O, or the longest stall between
 * completed writes while something happens to the device's driver.
 *
 * Usage: blkbench DEVICE MODE SECONDS [SPAN_MB]
 *
 *   MODE  seq-write, seq-read   1 MiB requests, sequential
 *         rand-write, rand-read 4 KiB requests at random 4 KiB offsets
 *         gap                   4 KiB synchronous writes, one after the
 *                               other; reports the longest time between
 *                               two completions
 *
 * All I/O is O_DIRECT (and O_DSYNC for writes), within the first SPAN_MB
 * (default 64) of the device. Prints one line:
 *
 *   blkbench MODE: BYTES bytes in USEC us: MBPS MB/s IOPS iops max_gap_us GAP
 *
 * Exit status 0 if every request succeeded, 1 at the first error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A small xorshift: the offsets need no quality, only no pattern. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	uint64_t start, end, last, gap = 0, bytes = 0, ios = 0, seed = 88172645463325252ULL;
	size_t bs, span;
	int write, random, fd, secs;
	const char *mode;
	off_t off = 0;
	void *buf;

	if (argc < 4) {
		fprintf(stderr, "usage: blkbench DEVICE seq-write|seq-read|rand-write|rand-read|gap SECONDS [SPAN_MB]\n");
		return 2;
	}
	mode = argv[2];
	secs = atoi(argv[3]);
	span = (size_t)(argc > 4 ? atoi(argv[4]) : 64) << 20;
	write = !strcmp(mode, "seq-write") || !strcmp(mode, "rand-write") ||
		!strcmp(mode, "gap");
	random = !strncmp(mode, "rand-", 5);
	bs = !strncmp(mode, "seq-", 4) ? 1 << 20 : 4096;
	if (!write && strcmp(mode, "seq-read") && strcmp(mode, "rand-read")) {
		fprintf(stderr, "blkbench: unknown mode '%s'\n", mode);
		return 2;
	}
	fd = open(argv[1], (write ? O_WRONLY | O_DSYNC : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "blkbench: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (posix_memalign(&buf, 4096, bs)) {
		fprintf(stderr, "blkbench: out of memory\n");
		return 1;
	}
	memset(buf, 0x5a, bs);
	start = last = now_us();
	end = start + (uint64_t)secs * 1000000;
	do {
		ssize_t n;
		uint64_t t;

		if (random)
			off = (off_t)(rnd(&seed) % (span / bs)) * bs;
		else if ((size_t)off + bs > span)
			off = 0;
		n = write ? pwrite(fd, buf, bs, off) : pread(fd, buf, bs, off);
		if (n != (ssize_t)bs) {
			fprintf(stderr, "blkbench: %s at %lld: %s\n", mode,
				(long long)off, n < 0 ? strerror(errno) : "short");
			return 1;
		}
		if (!random)
			off += bs;
		bytes += bs;
		ios++;
		t = now_us();
		if (t - last > gap)
			gap = t - last;
		last = t;
	} while (last < end);
	printf("blkbench %s: %llu bytes in %llu us: %.1f MB/s %.0f iops max_gap_us %llu\n",
	       mode, (unsigned long long)bytes, (unsigned long long)(last - start),
	       bytes / (double)(last - start), ios * 1e6 / (last - start),
	       (unsigned long long)gap);
	close(fd);
	return 0;
}
