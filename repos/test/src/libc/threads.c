/*
 * Threads: four pthreads start together (a condition variable), then each
 * does 25,000 rounds of malloc, a check of the memory, free and an
 * fprintf line to one shared file, and prints its progress to stdout, all
 * at once: 100,000 operations. Every line of the file must be whole and
 * every thread's lines in order; a mutex-protected counter must add up;
 * errno and thread-specific data stay each thread's own.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "libc_test.h"

enum { THREADS = 4, ROUNDS = 25000, REPORT = 5000 };

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond   = PTHREAD_COND_INITIALIZER;
static unsigned ready, counter;
static bool go;
static FILE *shared;
static pthread_key_t key;
static unsigned destructed;

static void destructor(void *value)
{
	pthread_mutex_lock(&mutex);
	destructed += (unsigned)(uintptr_t)value;
	pthread_mutex_unlock(&mutex);
}

/* A block of a size that changes every round, filled, checked, freed */
static bool malloc_round(unsigned id, unsigned round)
{
	size_t size      = 16 + (round * 7 + id * 131) % 3000;
	unsigned char *p = malloc(size);
	bool ok          = p != NULL;

	for (size_t i = 0; ok && i < size; i++)
		p[i] = (unsigned char)(id + i);
	for (size_t i = 0; ok && i < size; i++)
		ok = p[i] == (unsigned char)(id + i);
	free(p);
	return ok;
}

static void *worker(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg, bad = 0;

	pthread_setspecific(key, (void *)(uintptr_t)(id + 1));
	pthread_mutex_lock(&mutex);
	ready++;
	pthread_cond_broadcast(&cond);
	while (!go)
		pthread_cond_wait(&cond, &mutex);
	pthread_mutex_unlock(&mutex);

	for (unsigned round = 0; round < ROUNDS; round++) {
		errno = (int)id;
		bad += !malloc_round(id, round);
		fprintf(shared, "thread %u round %u\n", id, round);
		bad += errno != (int)id; /* no other thread's errno */
		pthread_mutex_lock(&mutex);
		counter++;
		pthread_mutex_unlock(&mutex);
		if ((round + 1) % REPORT == 0)
			printf("libc_test: thread %u: %u rounds\n", id, round + 1);
	}
	bad += pthread_getspecific(key) != (void *)(uintptr_t)(id + 1);
	return (void *)(uintptr_t)bad;
}

/* The lines up to the first that is not whole or not in its thread's order */
static unsigned check_lines(void)
{
	unsigned next[THREADS] = { 0 }, lines = 0, id, round;
	char line[64];
	FILE *f = fopen("/tmp/threads.txt", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "thread %u round %u\n", &id, &round) != 2 || id >= THREADS ||
		    round != next[id]) {
			CHECK(false, "line %u: %s", lines, line);
			break;
		}
		next[id]++;
		lines++;
	}
	if (f)
		fclose(f);
	return lines;
}

void test_threads(void)
{
	pthread_t thread[THREADS];
	pthread_attr_t attr;
	unsigned bad = 0;

	shared = fopen("/tmp/threads.txt", "w");
	CHECK(shared && pthread_key_create(&key, destructor) == 0, "file and key\n");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (unsigned i = 0; i < THREADS; i++)
		CHECK(pthread_create(&thread[i], &attr, worker, (void *)(uintptr_t)i) == 0,
		      "pthread_create %u\n", i);
	pthread_mutex_lock(&mutex);
	while (ready < THREADS)
		pthread_cond_wait(&cond, &mutex);
	go = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mutex);
	for (unsigned i = 0; i < THREADS; i++) {
		void *result = (void *)1;
		CHECK(pthread_join(thread[i], &result) == 0, "pthread_join %u\n", i);
		bad += (unsigned)(uintptr_t)result;
	}
	fclose(shared);
	CHECK(bad == 0, "%u rounds went wrong\n", bad);
	CHECK(counter == THREADS * ROUNDS, "counter %u\n", counter);
	CHECK(destructed == 1 + 2 + 3 + 4, "key destructors: %u\n", destructed);
	unsigned lines = check_lines();
	CHECK(lines == THREADS * ROUNDS, "%u lines\n", lines);
	remove("/tmp/threads.txt");
	printf("libc_test: threads: %u threads, %u rounds of malloc, free and fprintf, %u lines "
	       "whole and in order\n",
	       THREADS, counter, lines);
}
