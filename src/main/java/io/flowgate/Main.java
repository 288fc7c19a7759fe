package io.flowgate;

public final class Main {
    public static void main(String[] args) {
        System.out.println("flowgate");
    }
}
