// SPDX-License-Identifier: GPL-2.0
/*
 * udpseq - sequenced UDP datagrams, to check that a NIC recovery loses
 * none of the datagrams the stack accepted for transmission.
 *
 *   udpseq send ADDR PORT COUNT RATE   prints "sent N busy B"
 *   udpseq recv PORT COUNT IDLE        prints "received N unique U dups D
 *                                      missing M first_missing F
 *                                      max_gap_us G"
 *
 * The sender sets IP_RECVERR, so that a datagram the qdisc drops comes
 * back as ENOBUFS instead of being counted as sent; it then waits a
 * millisecond and sends the same sequence number again. RATE is in
 * datagrams per second (0: as fast as possible); while the route or the
 * device is gone (a scripted driver reload) it retries the same way. The
 * receiver stops after COUNT distinct datagrams, at the sender's end
 * marker, or after IDLE seconds without a datagram; G is the longest time
 * between two arrivals: the service outage.
 *
 * The end marker spares the receiver its IDLE wait when datagrams were
 * lost (a scripted reload loses some by design): IDLE has to exceed the
 * longest outage, and a run that waits it out each round is mostly idle.
 * The marker is sent a few times, as it may be lost too; IDLE remains the
 * fallback.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD 256
#define END_MARK UINT64_MAX
#define END_COPIES 5

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_us(long us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	nanosleep(&ts, NULL);
}

static int do_send(const char *addr, int port, unsigned long count, long rate)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	unsigned long seq = 0, busy = 0;
	char buf[PAYLOAD];
	int one = 1, fd;

	if (inet_pton(AF_INET, addr, &to.sin_addr) != 1) {
		fprintf(stderr, "udpseq: bad address %s\n", addr);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)))
		die("IP_RECVERR");
	memset(buf, 0xa5, sizeof(buf));
	while (seq < count) {
		uint64_t n = seq;

		memcpy(buf, &n, sizeof(n));
		if (sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0) {
			if (errno != ENOBUFS && errno != EAGAIN &&
			    errno != ECONNREFUSED && errno != ENETUNREACH &&
			    errno != EHOSTUNREACH && errno != ENETDOWN &&
			    errno != ENODEV && errno != EINVAL)
				die("sendto");
			busy++;
			pause_us(1000);
			continue;
		}
		seq++;
		if (rate > 0)
			pause_us(1000000 / rate);
	}
	for (int i = 0; i < END_COPIES; i++) {
		uint64_t n = END_MARK;

		pause_us(10000);
		memcpy(buf, &n, sizeof(n));
		sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&to, sizeof(to));
	}
	printf("sent %lu busy %lu\n", seq, busy);
	return 0;
}

static int do_recv(int port, unsigned long count, int idle)
{
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(port) };
	unsigned long received = 0, unique = 0, dups = 0, missing = 0, i;
	long first_missing = -1;
	double last = 0, gap = 0, t;
	int size = 4 << 20, fd;
	unsigned char *seen;
	char buf[PAYLOAD];

	seen = calloc(count, 1);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!seen || fd < 0)
		die("setup");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)))
		die("bind");
	while (unique < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t n;

		if (poll(&p, 1, idle * 1000) <= 0)
			break;
		if (recv(fd, buf, sizeof(buf), 0) < (ssize_t)sizeof(n))
			continue;
		memcpy(&n, buf, sizeof(n));
		if (n == END_MARK)
			break;
		t = now();
		if (received && t - last > gap)
			gap = t - last;
		last = t;
		received++;
		if (n >= count)
			continue;
		if (seen[n])
			dups++;
		else
			unique++;
		seen[n] = 1;
	}
	for (i = 0; i < count; i++) {
		if (!seen[i]) {
			missing++;
			if (first_missing < 0)
				first_missing = i;
		}
	}
	printf("received %lu unique %lu dups %lu missing %lu first_missing %ld max_gap_us %ld\n",
	       received, unique, dups, missing, first_missing,
	       (long)(gap * 1e6));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]), strtoul(argv[4], NULL, 0),
			       atol(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]), strtoul(argv[3], NULL, 0),
			       atoi(argv[4]));
	fprintf(stderr, "usage: udpseq send ADDR PORT COUNT RATE | udpseq recv PORT COUNT IDLE\n");
	return 2;
}
