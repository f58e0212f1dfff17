package main

import (
	"context"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/parley-news/parley/tools/internal/project"
	"github.com/spf13/cobra"
)

func serveCmd(opts *options) *cobra.Command {
	var (
		port int
		bind string
	)
	cmd := &cobra.Command{
		Use:   "serve [--port N] [--bind ADDR]",
		Short: "Preview the site with live reload; content errors show in the browser",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := project.Open(opts.source, project.Options{Mode: project.Serve, Log: cmd.ErrOrStderr()})
			if err != nil {
				return err
			}
			defer p.Close()
			if !cmd.Flags().Changed("port") {
				port = freePort(bind, port)
			}
			ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			o := project.ServeOptions{Listener: ln, Out: cmd.OutOrStdout(), Err: cmd.ErrOrStderr()}
			if os.Getenv("PARLEY_DEBUG") != "" {
				o.Debug = cmd.ErrOrStderr()
			}
			return p.Serve(ctx, o)
		},
	}
	cmd.Flags().IntVarP(&port, "port", "p", 1313, "listen on `port` (when the default is taken, the next free one)")
	cmd.Flags().StringVar(&bind, "bind", "127.0.0.1", "listen on this `address`")
	return cmd
}

// freePort returns port, or the next one that can be listened on.
func freePort(bind string, port int) int {
	for p := port; p < port+100; p++ {
		if l, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err == nil {
			l.Close()
			return p
		}
	}
	return port
}
