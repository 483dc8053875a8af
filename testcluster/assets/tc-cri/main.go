// tc-cri is the testcluster's minimal CRI client. Debian 12 has no crictl,
// and `down` must stop and remove pod sandboxes through the CRI so that
// containerd runs the CNI DEL that removes veths, IPAM leases and the
// iptables rules of each pod. It is built with the cluster's Go build from
// the same cri-api and grpc versions that Kubernetes pins.
package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "pods" && os.Args[1] != "rmp-all") {
		fmt.Fprintln(os.Stderr, "usage: tc-cri pods|rmp-all unix:///path/to/containerd.sock")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := grpc.NewClient(os.Args[2], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		os.Exit(1)
	}
	defer conn.Close()
	client := runtimeapi.NewRuntimeServiceClient(conn)
	resp, err := client.ListPodSandbox(ctx, &runtimeapi.ListPodSandboxRequest{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "list pod sandboxes:", err)
		os.Exit(1)
	}
	if os.Args[1] == "pods" {
		for _, p := range resp.Items {
			fmt.Printf("%s %s/%s %s\n", p.Id, p.Metadata.Namespace, p.Metadata.Name, p.State)
		}
		return
	}
	var wg sync.WaitGroup
	failed := false
	var mu sync.Mutex
	for _, p := range resp.Items {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			if _, err := client.StopPodSandbox(ctx, &runtimeapi.StopPodSandboxRequest{PodSandboxId: id}); err != nil {
				mu.Lock()
				failed = true
				mu.Unlock()
				fmt.Fprintln(os.Stderr, "stop", id, err)
				return
			}
			if _, err := client.RemovePodSandbox(ctx, &runtimeapi.RemovePodSandboxRequest{PodSandboxId: id}); err != nil {
				mu.Lock()
				failed = true
				mu.Unlock()
				fmt.Fprintln(os.Stderr, "remove", id, err)
			}
		}(p.Id)
	}
	wg.Wait()
	fmt.Printf("removed %d pod sandboxes\n", len(resp.Items))
	if failed {
		os.Exit(1)
	}
}
